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
}

export const problemFrom = (error: unknown): Problem => {
  // Its code (20003) would point at the wrong settings; the guide names the key instead.
  if (error instanceof StandardKeyRefusedError) return { message: error.message, httpStatus: error.status, standardKey: true };
  if (error instanceof TwilioApiError) {
    const refusedSubaccount = error instanceof SubaccountRefusedError ? error.subaccount : undefined;
    return { message: error.message, twilioCode: error.code, httpStatus: error.status, moreInfo: error.moreInfo, refusedSubaccount };
  }
  return { message: (error as Error)?.message ?? String(error) };
};
