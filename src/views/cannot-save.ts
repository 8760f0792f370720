import type { NotDone } from '../senders/outcome.js';

/** Said to a person whose request could not be stored; `what` says what became of it. */
export const cannotSave = (error: { plainCause: string }, what: string): string =>
  `The bot cannot save right now: ${error.plainCause}. ${what}. Try again in a few minutes; the bot admins were alerted.`;

/** For a change the bot keeps in memory and saves once it can. */
export const KEPT_UNSAVED = 'Your change is kept and saved once writing works again, unless the bot restarts before that';

const NOT_DONE: Record<NotDone, (command: string) => string> = {
  bulk_rows: (command) => `No row was queued; upload the file again with \`${command} bulk\` once it works`,
  onboarding_link: () => 'No link was made',
  subaccount: () => 'No subaccount was created and nothing was changed',
  code_request: () => 'No code was requested',
  purchase: () => 'No number was bought and nothing was changed',
  customer: () => 'No customer was added',
  watch: () => 'Nothing was added to the watch list',
  action: () => 'Nothing was done',
};

/** A request the store could not save, `cause` in plain words: what did not happen, and what to do. */
export const notSavedText = (cause: string, undone: NotDone, command: string): string => cannotSave({ plainCause: cause }, NOT_DONE[undone](command));
