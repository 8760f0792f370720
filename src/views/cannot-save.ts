import type { StorageError } from '../store/storage-error.js';

/** Said to a person whose request could not be stored: nothing of it was kept or done. */
export const cannotSave = (error: StorageError, what = 'Nothing was changed'): string =>
  `The bot cannot save right now: ${error.plainCause}. ${what}. Try again in a few minutes; the bot admins were alerted.`;
