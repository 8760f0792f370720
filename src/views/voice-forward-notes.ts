import type { VoiceForwardEnd } from '../senders/numbers/voice-forward-end.js';
import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { section } from './blocks.js';

const WHY: Record<VoiceForwardEnd, string> = {
  code_taken: 'Meta has taken the code',
  ended: 'the registration has ended (failed, deleted or abandoned)',
  max_hours: 'the forward to the voicemail has lasted as long as the bot allows; a resend forwards the calls again',
};

/** A note in the thread: the number answers calls as it did before the registration. */
export function voiceRestoredNote(record: SenderRecord, why: VoiceForwardEnd): SlackPost {
  return {
    text: `${record.phoneNumber}: calls go back to the number’s own voice settings`,
    blocks: [section(`:telephone_receiver: Calls to ${record.phoneNumber} go back to the number’s own voice settings: ${WHY[why]}.`)],
  };
}
