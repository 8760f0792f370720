import type { NotDone } from '../senders/outcome.js';

/** Said to a person whose request could not be stored; `what` says what became of it. */
export const cannotSave = (error: { plainCause: string }, what: string): string =>
  `The bot cannot save right now: ${error.plainCause}. ${what}. Try again in a few minutes; the bot admins were alerted.`;

/** For a change that was not stored: nothing of it stays or happens later. */
export const NOTHING_CHANGED = 'Nothing was changed';

const NOT_DONE: Record<NotDone, (command: string) => string> = {
  bulk_rows: (command) => `No row was queued; upload the file again with \`${command} bulk\` once it works`,
  onboarding_link: () => 'No link was made',
  subaccount: () => 'No subaccount was created and nothing was changed',
  code_request: () => 'No code was requested',
  purchase: () => 'No number was bought and nothing was changed',
  customer: () => 'No customer was added',
  watch: () => 'Nothing was added to the watch list',
  action: () => 'Nothing was done',
  resend_answer: () => "The code was asked for, but Twilio's answer was not recorded; the bot reads it from Twilio at its next check",
  customer_of_new_subaccount: () => 'Twilio made the subaccount; run the same command again once the bot can save, and it takes that subaccount',
};

/** A request the store could not save, `cause` in plain words: what did not happen, and what to do. */
export const notSavedText = (cause: string, undone: NotDone, command: string): string => cannotSave({ plainCause: cause }, NOT_DONE[undone](command));
