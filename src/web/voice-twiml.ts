/** TwiML the bot answers Meta's call with. */

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const attributes = (given: Record<string, string | number>) =>
  Object.entries(given)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

const response = (verbs: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs}</Response>`;

/** Longest a recording of Meta's call lasts: the code and its repeats take well under a minute. */
const RECORD_MAX_SECONDS = 60;

/** Records the rest of the call (Meta repeats the code), for a person to listen to when the bot is not sure. */
const record = (heardUrl: string, recordingUrl: string) =>
  `<Record${attributes({
    action: heardUrl,
    method: 'POST',
    maxLength: RECORD_MAX_SECONDS,
    timeout: 5,
    playBeep: 'false',
    trim: 'trim-silence',
    recordingStatusCallback: recordingUrl,
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: 'completed',
  })}/>`;

/**
 * Listens for the code as Meta reads it aloud (a speech model made for digits, hinted at digit
 * sequences); keys pressed are not listened to. When nothing is heard, Twilio goes on to record the call instead.
 */
export function listenForCode(heardUrl: string, recordingUrl: string): string {
  const gather = `<Gather${attributes({
    input: 'speech',
    action: heardUrl,
    method: 'POST',
    language: 'en-US',
    speechModel: 'numbers_and_commands',
    hints: '$OOV_CLASS_DIGIT_SEQUENCE,double,triple',
    speechTimeout: 3,
    timeout: 15,
  })}/>`;
  return response(gather + record(heardUrl, recordingUrl));
}

/** Not sure of the code: record Meta's repeat for a person. */
export const recordTheRest = (heardUrl: string, recordingUrl: string): string => response(record(heardUrl, recordingUrl));

/** Nothing more to hear. */
export const hangUp = (): string => response('<Hangup/>');
