import type { StorageError } from '../store/storage-error.js';

/** Said to a person whose request could not be stored; `what` says what became of it. */
export const cannotSave = (error: StorageError, what: string): string =>
  `The bot cannot save right now: ${error.plainCause}. ${what}. Try again in a few minutes; the bot admins were alerted.`;

/** For a change that was not stored: nothing of it stays or happens later. */
export const NOTHING_CHANGED = 'Nothing was changed';
