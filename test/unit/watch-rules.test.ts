import { describe, expect, it } from 'vitest';
import { decideAlerts } from '../../src/senders/watch/alert-decisions.js';
import { DEFAULT_WATCH, isDue, scheduleNext } from '../../src/senders/watch/schedule.js';
import type { SenderRecord } from '../../src/store/schema.js';
import { senderRecord } from '../support/sender-record.js';

const T0 = Date.parse('2026-11-25T12:00:00Z');
const MIN = 60_000;

const record = (over: Partial<SenderRecord> = {}): SenderRecord =>
  senderRecord({
    sid: `XE${'a'.repeat(32)}`,
    accountSid: `AC${'0'.repeat(32)}`,
    state: 'verifying',
    status: 'OFFLINE',
    statusHistory: [{ status: 'OFFLINE', at: new Date(T0).toISOString() }],
    profile: { name: 'Acme' },
    requestedBy: 'U1',
    createdAt: new Date(T0).toISOString(),
    ...over,
  });

describe('when a sender is due', () => {
  it('doubles the wait while nothing changes, up to the ceiling, and resets on a change', () => {
    const r = record();
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 8; i += 1) {
      scheduleNext(r, false, now, DEFAULT_WATCH);
      waits.push((Date.parse(r.watch!.nextCheckAt) - now) / MIN);
      now = Date.parse(r.watch!.nextCheckAt);
    }
    expect(waits).toEqual([2, 4, 8, 16, 30, 30, 30, 30]);
    scheduleNext(r, true, now, DEFAULT_WATCH);
    expect(Date.parse(r.watch!.nextCheckAt) - now).toBe(MIN);
  });
  it('leaves finished, unwatched and not-yet-created senders alone', () => {
    expect(isDue(record(), T0, DEFAULT_WATCH)).toBe(true);
    expect(isDue(record({ state: 'failed' }), T0, DEFAULT_WATCH)).toBe(false);
    expect(isDue(record({ sid: undefined }), T0, DEFAULT_WATCH)).toBe(false);
    expect(isDue(record({ watch: { nextCheckAt: new Date(T0).toISOString(), unchangedChecks: 0, unwatchedAt: 'x' } }), T0, DEFAULT_WATCH)).toBe(false);
  });
});

describe('which alerts a check gives', () => {
  it('one stuck alert after the threshold, then a reminder each reminder period', () => {
    const r = record();
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 29 * MIN, DEFAULT_WATCH)).toEqual([]);
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 30 * MIN, DEFAULT_WATCH)).toEqual([{ kind: 'stuck' }]);
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 31 * MIN, DEFAULT_WATCH)).toEqual([]);
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 30 * MIN + 4 * 60 * MIN, DEFAULT_WATCH)).toEqual([{ kind: 'stuck_reminder' }]);
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 31 * MIN + 4 * 60 * MIN, DEFAULT_WATCH)).toEqual([]);
  });
  it('recovery once the sender leaves OFFLINE, and the ONLINE alert', () => {
    const r = record();
    decideAlerts(r, 'OFFLINE', false, T0 + 30 * MIN, DEFAULT_WATCH);
    Object.assign(r, { status: 'ONLINE', state: 'online' });
    expect(decideAlerts(r, 'OFFLINE', true, T0 + 40 * MIN, DEFAULT_WATCH)).toEqual([
      { kind: 'status_change', from: 'OFFLINE', to: 'ONLINE' },
      { kind: 'online' },
      { kind: 'recovered' },
    ]);
  });
  it('nothing while snoozed; the reminder once the snooze ends', () => {
    const r = record({ watch: { nextCheckAt: '', unchangedChecks: 0, snoozedUntil: new Date(T0 + 60 * MIN).toISOString() } });
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 45 * MIN, DEFAULT_WATCH)).toEqual([]);
    expect(decideAlerts(r, 'OFFLINE', false, T0 + 61 * MIN, DEFAULT_WATCH)).toEqual([{ kind: 'stuck' }]);
  });
  it('one code reminder per code sent', () => {
    const sent = new Date(T0).toISOString();
    const r = record({ state: 'awaiting_code', status: 'PENDING_VERIFICATION', otp: { codeAttempts: 0, resends: 0, lastCreateAt: sent } });
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, T0 + 14 * MIN, DEFAULT_WATCH)).toEqual([]);
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, T0 + 15 * MIN, DEFAULT_WATCH)).toEqual([{ kind: 'code_reminder' }]);
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, T0 + 60 * MIN, DEFAULT_WATCH)).toEqual([]);
    r.otp.lastCreateAt = new Date(T0 + 60 * MIN).toISOString();
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, T0 + 75 * MIN, DEFAULT_WATCH)).toEqual([{ kind: 'code_reminder' }]);
  });
});
