import type { KnownBlock, ModalView } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { clip, context, plain, section } from './blocks.js';
import { CALLBACK } from './ids.js';
import { senderTitle } from './sender-summary.js';
import { BOT_TAKES_THE_CALL } from './voice-call-notes.js';

const WHERE_THE_CODE_IS: Record<SenderRecord['path'], string> = {
  twilio_sms: 'Twilio verifies this number by itself.',
  twilio_voice: 'Meta called the number; the voicemail transcription with the code was emailed to *{email}*. It can take a few minutes.',
  external_sms: 'Meta sent the code by SMS to the number.',
  external_voice: 'Meta calls the number and reads out the code.',
  watched: 'Meta sent the code by SMS or a call to the number, as asked when the sender was created.',
};

/** What to do when the code does not come, with the buttons that path has on the channel message. */
const NO_CODE_YET: Record<SenderRecord['path'], string> = {
  twilio_sms: 'Twilio enters the code itself; nothing to type.',
  twilio_voice: 'No email after a few minutes? Close this and press Resend code on the channel message: Meta calls again.',
  external_sms: 'No SMS after a few minutes? Close this and press Resend code or Switch to voice on the channel message.',
  external_voice: 'No call after a few minutes? Close this and press Resend code on the channel message: Meta calls again.',
  watched: 'No code? Ask whoever has the phone, or ask for a new one where the sender was created.',
};

/** The view where a person types Meta’s one-time code; also shown in place of the registration modal. */
export function otpModal(record: SenderRecord, notice?: string, channel?: string): ModalView {
  const where = record.voiceForward?.call
    ? BOT_TAKES_THE_CALL
    : WHERE_THE_CODE_IS[record.path].replace('{email}', record.voiceForward?.email ?? 'the email given');
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(clip(notice, 3000)));
  blocks.push(
    section(`*${senderTitle(record)}*\n${where}`),
    {
      type: 'input',
      block_id: 'code',
      label: plain('6-digit code'),
      element: { type: 'plain_text_input', action_id: 'value', min_length: 6, max_length: 9, placeholder: plain('123456') },
      hint: plain(NO_CODE_YET[record.path]),
    },
    context('The code is sent to Twilio and never stored or shown by the bot.'),
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.otp,
    title: plain('Enter the code', 24),
    submit: plain('Verify', 24),
    close: plain('Later', 24),
    private_metadata: JSON.stringify({ recordId: record.id, channel }),
    blocks,
  };
}

export function parseOtpMetadata(raw: string): { recordId?: string; channel?: string } {
  try {
    const parsed = JSON.parse(raw) as { recordId?: unknown; channel?: unknown };
    return typeof parsed.recordId === 'string' ? { recordId: parsed.recordId, channel: typeof parsed.channel === 'string' ? parsed.channel : undefined } : {};
  } catch {
    return {};
  }
}
