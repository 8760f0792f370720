import twilio from 'twilio';

/** Whether a webhook request carries Twilio's signature for this URL and form, made with the auth token of the account it is for. */
export function signedByTwilio(authToken: string, signature: string, url: string, params: Record<string, string>): boolean {
  if (!authToken || !signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** The X-Twilio-Signature Twilio sends with a webhook request (for the simulator, which plays Twilio's side). */
export const twilioSignature = (authToken: string, url: string, params: Record<string, string>): string =>
  twilio.getExpectedTwilioSignature(authToken, url, params);
