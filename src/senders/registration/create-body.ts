import type { SenderRecord, VerificationMethod } from '../../store/schema.js';
import type { CreateSenderBody, SenderProfileWire, SenderWebhookWire } from '../../twilio/wire.js';
import { emailsOnTheWire, websitesOnTheWire } from '../profile/labels.js';

/** The create request for a record, in the wire's snake_case, with empty fields left out. */
export function createBodyFor(record: SenderRecord, method: VerificationMethod): CreateSenderBody {
  const p = record.profile;
  const profile: SenderProfileWire = { name: p.name };
  if (p.about) profile.about = p.about;
  if (p.description) profile.description = p.description;
  if (p.address) profile.address = p.address;
  if (p.vertical) profile.vertical = p.vertical;
  if (p.logo_url) profile.logo_url = p.logo_url;
  if (p.websites?.length) profile.websites = websitesOnTheWire(p.websites);
  if (p.emails?.length) profile.emails = emailsOnTheWire(p.emails);
  const body: CreateSenderBody = {
    sender_id: `whatsapp:${record.phoneNumber}`,
    configuration: record.wabaId ? { waba_id: record.wabaId, verification_method: method } : { verification_method: method },
    profile,
  };
  const w = record.webhook;
  const webhook: SenderWebhookWire = {};
  if (w.callback_url) webhook.callback_url = w.callback_url;
  if (w.callback_url && w.callback_method) webhook.callback_method = w.callback_method;
  if (w.fallback_url) webhook.fallback_url = w.fallback_url;
  if (w.fallback_url && w.fallback_method) webhook.fallback_method = w.fallback_method;
  if (w.status_callback_url) webhook.status_callback_url = w.status_callback_url;
  if (w.status_callback_url && w.status_callback_method) webhook.status_callback_method = w.status_callback_method;
  if (Object.keys(webhook).length > 0) body.webhook = webhook;
  return body;
}

export const methodOf = (record: SenderRecord): VerificationMethod => (record.path === 'twilio_voice' || record.path === 'external_voice' ? 'voice' : 'sms');
