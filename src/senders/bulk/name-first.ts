import type { SenderRecord } from '../../store/schema.js';
import { REJECTED_NAME_CODES } from '../display-name/rejected-name.js';

export const nameKey = (record: SenderRecord): string => record.profile.name.trim().toLowerCase();

/** Meta turned the display name down on this sender. */
export function nameRejected(record: SenderRecord): boolean {
  if (record.lastError?.code !== undefined && REJECTED_NAME_CODES.has(String(record.lastError.code))) return true;
  return (record.offlineReasons ?? []).some((r) => r.code && REJECTED_NAME_CODES.has(r.code));
}

export interface NameGate {
  /** May this queued record go now? Claims the name for this round when it does. */
  admit(record: SenderRecord): boolean;
  /** Names Meta rejected: their queued rows are failed instead of sent. */
  rejected: Map<string, SenderRecord>;
}

/**
 * Display name first: a name not yet seen ONLINE goes out on one row only; the others with
 * that name wait until Meta has accepted it, so a rejected name does not hit every number.
 */
export function nameGate(senders: SenderRecord[]): NameGate {
  const accepted = new Set<string>();
  const inFlight = new Set<string>();
  const rejected = new Map<string, SenderRecord>();
  for (const s of senders) {
    const key = nameKey(s);
    if (s.state === 'online') accepted.add(key);
    else if (nameRejected(s)) rejected.set(key, s);
    else if (s.state === 'creating' || s.state === 'awaiting_code' || s.state === 'verifying') inFlight.add(key);
  }
  for (const key of accepted) rejected.delete(key);
  return {
    rejected,
    admit(record) {
      const key = nameKey(record);
      if (accepted.has(key)) return true;
      if (inFlight.has(key) || rejected.has(key)) return false;
      inFlight.add(key);
      return true;
    },
  };
}
