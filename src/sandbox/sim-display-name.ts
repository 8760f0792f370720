import type { DisplayNameUpdateStatus, PendingDisplayNameStatus, SenderWire } from '../twilio/wire.js';
import { SimError } from './sim-state.js';

/** A display-name change as Meta plays it: each verdict from its time on. */
export interface SimNameChange {
  name: string;
  steps: { status: PendingDisplayNameStatus; at: number }[];
}

export type NameVerdict = 'approved' | 'declined' | 'registration_failed';

const MINUTE = 60_000;
const COMPLETED_REPORTED_MS = 14 * 24 * 60 * MINUTE;
/** Statuses where Meta approved but the name was not applied: the same name re-submitted retries. */
const RETRYABLE = new Set<PendingDisplayNameStatus>(['PIN_MISMATCH', 'REGISTRATION_FAILED', 'EXPIRED']);

export function nameChangeStatus(change: SimNameChange, now: number): { status: PendingDisplayNameStatus; at: number } | undefined {
  let current: { status: PendingDisplayNameStatus; at: number } | undefined;
  for (const step of change.steps) if (step.at <= now) current = step;
  return current;
}

/**
 * A profile.name in an update: answers what Twilio's display_name_status says, and schedules
 * Meta's review (`reviewMs`), then the scenario's verdict. A change already in review refuses a
 * name-only update with 63128 (HTTP 409).
 */
export function requestNameChange(
  existing: SimNameChange | undefined,
  currentName: string | undefined,
  body: Record<string, any>,
  verdict: NameVerdict,
  reviewMs: number,
  now: number,
): { change?: SimNameChange; answer: DisplayNameUpdateStatus } {
  const name = String(body.profile.name);
  const nameOnly = Object.keys(body).length === 1 && Object.keys(body.profile).length === 1;
  const current = existing && nameChangeStatus(existing, now);
  if (existing && current?.status === 'PENDING_REVIEW') {
    if (nameOnly) throw new SimError(409, 63128, 'A display name change for this sender is already in review by Meta. Try again once it is decided.');
    return { change: existing, answer: name === existing.name ? 'pending_review' : 'error' };
  }
  if (existing && current && RETRYABLE.has(current.status) && name === existing.name) {
    // Meta already approved this exact name: it goes back to re-registration.
    return { change: { name, steps: [...existing.steps, { status: 'APPROVED', at: now }, { status: 'COMPLETED', at: now + MINUTE }] }, answer: 'updating' };
  }
  if (name === currentName) return { change: existing, answer: 'no_change' };
  const decided = now + reviewMs;
  const steps: SimNameChange['steps'] = [{ status: 'PENDING_REVIEW', at: now }];
  if (verdict === 'declined') steps.push({ status: 'DECLINED', at: decided });
  else
    steps.push({ status: 'APPROVED', at: decided }, { status: verdict === 'registration_failed' ? 'REGISTRATION_FAILED' : 'COMPLETED', at: decided + MINUTE });
  return { change: { name, steps }, answer: 'updating' };
}

/** The pending_display_name* fields of a sender's answer, absent together when there is nothing to report. */
export function nameChangeFields(change: SimNameChange | undefined, now: number): Partial<SenderWire> {
  const current = change && nameChangeStatus(change, now);
  if (!change || !current) return {};
  if (current.status === 'COMPLETED' && now - current.at > COMPLETED_REPORTED_MS) return {};
  return {
    pending_display_name: change.name,
    pending_display_name_status: current.status,
    pending_display_name_status_date: new Date(current.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** The name in effect: the changed one once Meta's change is COMPLETED. */
export function effectiveName(change: SimNameChange | undefined, created: string | undefined, now: number): string | undefined {
  const completed = change?.steps.some((s) => s.status === 'COMPLETED' && s.at <= now);
  return completed ? change!.name : created;
}
