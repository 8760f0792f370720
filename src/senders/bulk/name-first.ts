import { nameKey as normalName } from '../../store/rules/name-keys.js';
import type { SenderRecord } from '../../store/schema.js';
import { REJECTED_NAME_CODES } from '../display-name/rejected-name.js';

/** The record's display name as the gate compares names (the store's name key: trimmed, lowercased). */
export const nameKey = (record: SenderRecord): string => normalName(record.profile.name);

/** Meta turned the display name down on this sender. */
export function nameRejected(record: SenderRecord): boolean {
  if (record.lastError?.code !== undefined && REJECTED_NAME_CODES.has(String(record.lastError.code))) return true;
  return (record.offlineReasons ?? []).some((r) => r.code && REJECTED_NAME_CODES.has(r.code));
}

/** Meta approved these names (the last three approved, then not applied: the name itself is fine). */
const APPROVED_VERDICTS = new Set(['APPROVED', 'COMPLETED', 'PIN_MISMATCH', 'REGISTRATION_FAILED', 'EXPIRED']);

export interface NameGate {
  /** May this queued record go now? Claims the name for this round when it does. */
  admit(record: SenderRecord): boolean;
  /** Names Meta rejected: their queued rows are failed instead of sent. */
  rejected: Map<string, SenderRecord>;
}

/**
 * Display name first: a name Meta has not accepted goes out on one row only; the others with
 * that name wait until Meta has, so a rejected name does not hit every number. Where Twilio
 * reports Meta's verdict on a name (pending_display_name_status), the verdict decides; a sender
 * merely ONLINE counts only for a name with no verdict reported.
 */
export function nameGate(senders: SenderRecord[]): NameGate {
  const accepted = new Set<string>();
  const inFlight = new Set<string>();
  const rejected = new Map<string, SenderRecord>();
  const judged = new Set<string>();
  for (const s of senders) {
    const change = s.nameChange;
    if (!change?.status) continue;
    const key = normalName(change.name);
    judged.add(key);
    if (APPROVED_VERDICTS.has(change.status)) accepted.add(key);
    else if (change.status === 'DECLINED') rejected.set(key, s);
    else inFlight.add(key);
  }
  for (const s of senders) {
    const key = nameKey(s);
    if (judged.has(key)) continue;
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
