import type { UnsureReason } from '../senders/codes/call-code.js';
import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { actions, button, section } from './blocks.js';
import { ACTION } from './ids.js';
import { slackTime, timeText } from './time-text.js';

/** Where the code is, for a voice-only Twilio number whose call the bot answers itself. */
export const BOT_TAKES_THE_CALL =
  "Meta calls the number and the bot answers: it takes the code from the call and sends it to Twilio, then says so in the sender's thread. If it is not sure of the code, the call's recording is posted in that thread: listen to it and type the code here.";

/** What to do while a voice-only Twilio number waits for Meta's call the bot answers. */
export const BOT_TAKES_THE_CALL_NEXT =
  "Nothing: the bot answers Meta's call and enters the code. If it posts the call's recording in the thread, listen to it, then press *Enter code*.";

/** A note in the sender's thread: the bot took the code from Meta's call and sent it to Twilio. */
export function codeTakenNote(record: SenderRecord, maskedCode: string, at: number, now: number): SlackPost {
  const when = timeText(at, now);
  return {
    text: `${record.phoneNumber}: code taken from Meta's call at ${when}`,
    blocks: [
      section(
        `:telephone_receiver: Code taken from Meta's call ${slackTime(at, now)} (${maskedCode}) and sent to Twilio. Meta now finishes the verification; nobody needs to type it.`,
      ),
    ],
  };
}

const WHY: Record<UnsureReason, string> = {
  nothing_heard: 'nothing was heard on the call',
  not_six_digits: 'the call did not give six digits',
  readings_disagree: 'the two readings of the code differ',
  heard_once: 'six digits were heard only once, and the bot waits for Meta to repeat the code',
  code_refused: 'Twilio refused the code heard on the call',
  not_sent: 'someone was working on the registration when the code was heard, so the bot did not send it',
};

/**
 * A note in the sender's thread: the bot could not be sure of the code from a call to the number,
 * so a person types it. `callsUsedUp`: the calls the bot answered for this code, when it answers no more.
 */
export function callUnsureNote(record: SenderRecord, reason: UnsureReason, callsUsedUp?: number): SlackPost {
  return {
    text: `${record.phoneNumber}: the code from Meta's call needs a person`,
    blocks: [
      section(
        `:telephone_receiver: A call came to ${record.phoneNumber}, but the bot is not sure of the code: ${WHY[reason]}. ` +
          'It may not be Meta’s call: anyone can call the number. ' +
          'The call’s recording follows in this thread: listen to it, then press *Enter code* and type the six digits. ' +
          (callsUsedUp
            ? `The bot has answered ${callsUsedUp} calls for this code and answers no more: *Resend code* on the sender’s message makes Meta call again.`
            : 'Nothing to hear? *Resend code* on the sender’s message makes Meta call again.'),
      ),
      actions('voice_call_code', [button('Enter code', ACTION.enterCode, record.id, 'primary')]),
    ],
  };
}

/** The comment shared with the recording of Meta's call. */
export const recordingComment = (record: SenderRecord): string =>
  `:studio_microphone: A call to ${record.phoneNumber}, recorded (it may not be Meta's call: anyone can call the number): listen for Meta's six digits, then press *Enter code* above. The recording is deleted from Twilio once the code is accepted or the registration ends.`;
