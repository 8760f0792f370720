import type { SenderRecord, VoiceConfig } from '../../store/schema.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import { deleteCallRecordings } from '../codes/call-recording.js';
import type { SendersContext } from '../context.js';
import { voiceCallUrl } from './voice-call-token.js';

export const voicemailTwimlet = (email: string) => `https://twimlets.com/voicemail?Email=${encodeURIComponent(email)}`;

export function voiceConfigOf(number: IncomingPhoneNumberWire): VoiceConfig {
  return {
    voice_url: number.voice_url,
    voice_method: number.voice_method,
    voice_fallback_url: number.voice_fallback_url,
    voice_fallback_method: number.voice_fallback_method,
    voice_application_sid: number.voice_application_sid,
    trunk_sid: number.trunk_sid,
  };
}

/**
 * Sends the number's calls to the bot, which takes Meta's code itself (`call`, with PUBLIC_URL),
 * or else to the Voicemail Twimlet, which emails the transcription.
 * Twilio ignores VoiceUrl while an application or a trunk is set, so those are cleared.
 */
export async function forwardCallsForTheCode(ctx: SendersContext, record: SenderRecord): Promise<void> {
  const forward = record.voiceForward;
  if (!forward) return;
  const url =
    forward.call && ctx.voiceCalls ? voiceCallUrl(ctx.voiceCalls, record.id, forward.call.nonce) : forward.email ? voicemailTwimlet(forward.email) : undefined;
  if (!url) return;
  const form: Record<string, string> = { VoiceUrl: url, VoiceMethod: 'POST' };
  if (forward.previous.voice_application_sid) form.VoiceApplicationSid = '';
  if (forward.previous.trunk_sid) form.TrunkSid = '';
  await ctx.twilio.updateIncomingNumber(record.accountSid, forward.phoneNumberSid, form);
  forward.forwardedAt = new Date(ctx.clock.now()).toISOString();
  forward.restoredAt = undefined;
}

/** Puts back the way the number answered calls before: application, trunk or URLs. */
export async function restoreVoiceConfig(ctx: SendersContext, record: SenderRecord): Promise<boolean> {
  const forward = record.voiceForward;
  if (!forward || forward.restoredAt) return false;
  const prev = forward.previous;
  const form: Record<string, string> = {
    VoiceUrl: prev.voice_url ?? '',
    VoiceMethod: prev.voice_method === 'GET' ? 'GET' : 'POST',
    VoiceFallbackUrl: prev.voice_fallback_url ?? '',
  };
  if (prev.voice_fallback_method === 'GET' || prev.voice_fallback_method === 'POST') form.VoiceFallbackMethod = prev.voice_fallback_method;
  if (prev.voice_application_sid) form.VoiceApplicationSid = prev.voice_application_sid;
  else if (prev.trunk_sid) form.TrunkSid = prev.trunk_sid;
  await ctx.twilio.updateIncomingNumber(record.accountSid, forward.phoneNumberSid, form);
  forward.restoredAt = new Date(ctx.clock.now()).toISOString();
  // No code is wanted any more: the recordings of Meta's call go too.
  await deleteCallRecordings(ctx, record);
  return true;
}
