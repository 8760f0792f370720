import { TwilioApiError } from '../twilio/errors.js';

/** A failure the user must see: what went wrong, and for Twilio errors, its code. */
export interface Problem {
  message: string;
  twilioCode?: number;
  httpStatus?: number;
  moreInfo?: string;
}

export const problemFrom = (error: unknown): Problem => {
  if (error instanceof TwilioApiError) {
    return { message: error.message, twilioCode: error.code, httpStatus: error.status, moreInfo: error.moreInfo };
  }
  return { message: (error as Error)?.message ?? String(error) };
};
