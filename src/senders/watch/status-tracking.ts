import { iso } from '../../clock.js';
import type { RegistrationState, SenderRecord, VerificationPath } from '../../store/schema.js';
import type { SenderWire } from '../../twilio/wire.js';

/** Records what Twilio says of a sender; returns true when its status changed. */
export function applySenderWire(record: SenderRecord, wire: SenderWire, now: number): boolean {
  if (wire.sid) record.sid = wire.sid;
  record.qualityRating = wire.properties?.quality_rating ?? null;
  record.messagingLimit = wire.properties?.messaging_limit ?? null;
  record.offlineReasons = wire.offline_reasons ?? [];
  record.updatedAt = iso(now);
  if (record.status === wire.status) return false;
  record.status = wire.status;
  record.statusHistory.push({ status: wire.status, at: iso(now) });
  record.state = nextState(record.state, wire.status, record.path);
  return true;
}

function nextState(current: RegistrationState, status: string, path: VerificationPath): RegistrationState {
  if (current === 'abandoned' || current === 'failed') return current;
  switch (status) {
    case 'ONLINE':
    case 'ONLINE:UPDATING':
      return 'online';
    case 'PENDING_VERIFICATION':
      // A Twilio number with SMS receives Meta's code itself: nobody types one.
      return path === 'twilio_sms' ? (current === 'creating' || current === 'awaiting_code' || current === 'online' ? 'verifying' : current) : 'awaiting_code';
    case 'CREATING':
      return current === 'creating' ? 'creating' : current;
    default:
      // VERIFYING, OFFLINE, TWILIO_REVIEW and statuses Twilio has not documented: in progress.
      return current === 'creating' || current === 'awaiting_code' || current === 'online' ? 'verifying' : current;
  }
}
