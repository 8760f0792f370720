import { type RefusedSubaccount, SubaccountRefusedError, TwilioApiError } from '../twilio/errors.js';

/** A failure the user must see: what went wrong, and for Twilio errors, its code. */
export interface Problem {
  message: string;
  twilioCode?: number;
  httpStatus?: number;
  moreInfo?: string;
  /** A subaccount whose own credentials Twilio refused: it is the one to check, not the bot's settings. */
  refusedSubaccount?: RefusedSubaccount;
}

export const problemFrom = (error: unknown): Problem => {
  if (error instanceof TwilioApiError) {
    const refusedSubaccount = error instanceof SubaccountRefusedError ? error.subaccount : undefined;
    return { message: error.message, twilioCode: error.code, httpStatus: error.status, moreInfo: error.moreInfo, refusedSubaccount };
  }
  return { message: (error as Error)?.message ?? String(error) };
};
