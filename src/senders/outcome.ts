import type { StorageError } from '../store/storage-error.js';
import { type RefusedSubaccount, StandardKeyRefusedError, SubaccountRefusedError, TwilioApiError } from '../twilio/errors.js';

/** A failure the user must see: what went wrong, and for Twilio errors, its code. */
export interface Problem {
  message: string;
  twilioCode?: number;
  httpStatus?: number;
  moreInfo?: string;
  /** A subaccount whose own credentials Twilio refused: it is the one to check, not the bot's settings. */
  refusedSubaccount?: RefusedSubaccount;
  /** The bot's credentials are a Standard API key, refused in a subaccount: the credentials are the cause. */
  standardKey?: true;
  /** Why the bot refused or could not do it, as data the views word (with the next step); `message` then holds the cause alone. */
  reason?: ProblemReason;
  /** Something failed (a lost connection, an unexpected error), unlike a refusal: trying again may work. */
  outage?: true;
}

/** What did not happen because the request could not be stored (it never happens later either). */
export type NotDone =
  | 'bulk_rows'
  | 'onboarding_link'
  | 'subaccount'
  | 'code_request'
  | 'purchase'
  | 'customer'
  | 'watch'
  | 'action'
  | 'resend_answer'
  | 'customer_of_new_subaccount';

export type ProblemReason =
  /** The store could not save the request; `message` is the cause in plain words. */
  | { kind: 'not_saved'; undone: NotDone; command: string }
  /** Twilio asks for minutes between requests for one sender: a resend is possible at `at`. */
  | { kind: 'resend_wait'; at: number; now: number }
  /** This account just had a sender request: a resend is possible at `at`. */
  | { kind: 'account_wait'; at: number; now: number }
  /** This account just had a sender request: a profile or webhook change is possible at `at`. */
  | { kind: 'update_wait'; at: number; now: number }
  /** Twilio did not confirm a resend (`message` says what happened): a code may still come; resend again from `at`. */
  | { kind: 'resend_unconfirmed'; at: number; now: number }
  /** The number used up the code requests Meta allows in its window (across registrations): another is possible at `at`. */
  | { kind: 'code_requests_spent'; at: number; now: number };

/** A request the store could not save: nothing of it happened, and the person is told so. */
export const notSaved = (error: StorageError, undone: NotDone, command = ''): Problem => ({
  message: error.plainCause,
  reason: { kind: 'not_saved', undone, command },
});

export const problemFrom = (error: unknown): Problem => {
  // Its code (20003) would point at the wrong settings; the guide names the key instead.
  if (error instanceof StandardKeyRefusedError) return { message: error.message, httpStatus: error.status, standardKey: true };
  if (error instanceof TwilioApiError) {
    const refusedSubaccount = error instanceof SubaccountRefusedError ? error.subaccount : undefined;
    return { message: error.message, twilioCode: error.code, httpStatus: error.status, moreInfo: error.moreInfo, refusedSubaccount };
  }
  return { message: (error as Error)?.message ?? String(error), outage: true };
};
