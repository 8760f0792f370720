import { describe, expect, it } from 'vitest';
import { decideAlerts } from '../../src/senders/watch/alert-decisions.js';
import { DEFAULT_WATCH, isDue } from '../../src/senders/watch/schedule.js';
import type { SenderRecord } from '../../src/store/schema.js';
import { senderRecord } from '../support/sender-record.js';

// The host clock ran a day ahead while these times were recorded, then was set back.
const NOW = Date.parse('2026-11-25T12:00:00Z');
const DAY_AHEAD = new Date(NOW + 24 * 3_600_000).toISOString();
const MIN = 60_000;

const record = (over: Partial<SenderRecord> = {}): SenderRecord =>
  senderRecord({
    sid: `XE${'a'.repeat(32)}`,
    accountSid: `AC${'0'.repeat(32)}`,
    state: 'verifying',
    status: 'OFFLINE',
    statusHistory: [{ status: 'OFFLINE', at: DAY_AHEAD }],
    profile: { name: 'Acme' },
    requestedBy: 'U1',
    createdAt: DAY_AHEAD,
    ...over,
  });

describe('times recorded while the clock ran ahead', () => {
  it('a check set a day ahead is due now; one within the schedule still waits', () => {
    expect(isDue(record({ watch: { nextCheckAt: DAY_AHEAD, unchangedChecks: 3 } }), NOW, DEFAULT_WATCH)).toBe(true);
    expect(isDue(record({ watch: { nextCheckAt: new Date(NOW + 10 * MIN).toISOString(), unchangedChecks: 3 } }), NOW, DEFAULT_WATCH)).toBe(false);
  });

  it('a sender OFFLINE "since tomorrow" gets its stuck alert after the usual wait', () => {
    const r = record();
    expect(decideAlerts(r, 'OFFLINE', false, NOW, DEFAULT_WATCH).map((i) => i.kind)).toEqual([]);
    expect(decideAlerts(r, 'OFFLINE', false, NOW + DEFAULT_WATCH.stuckOfflineMs, DEFAULT_WATCH).map((i) => i.kind)).toEqual(['stuck']);
  });

  it('a code sent "tomorrow" gets its reminder after the usual wait', () => {
    const r = record({
      state: 'awaiting_code',
      status: 'PENDING_VERIFICATION',
      statusHistory: [],
      otp: { codeAttempts: 0, resends: 0, lastCreateAt: DAY_AHEAD },
    });
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, NOW, DEFAULT_WATCH)).toEqual([]);
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, NOW + DEFAULT_WATCH.codeReminderMs, DEFAULT_WATCH).map((i) => i.kind)).toEqual(['code_reminder']);
  });

  it('a code already reminded of is not reminded of again once its time is moved', () => {
    const r = record({
      state: 'awaiting_code',
      status: 'PENDING_VERIFICATION',
      statusHistory: [],
      otp: { codeAttempts: 0, resends: 0, lastCreateAt: DAY_AHEAD },
      watch: { nextCheckAt: DAY_AHEAD, unchangedChecks: 0, codeReminderFor: DAY_AHEAD },
    });
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, NOW, DEFAULT_WATCH)).toEqual([]);
    expect(decideAlerts(r, 'PENDING_VERIFICATION', false, NOW + DEFAULT_WATCH.codeReminderMs, DEFAULT_WATCH)).toEqual([]);
  });
});
