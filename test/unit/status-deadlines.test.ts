import { describe, expect, it } from 'vitest';
import { stuckAfterMs } from '../../src/senders/watch/deadlines.js';
import { DEFAULT_WATCH } from '../../src/senders/watch/schedule.js';
import type { SenderRecord, VerificationPath } from '../../src/store/schema.js';
import { explainStatus } from '../../src/views/status-guide.js';
import { senderRecord } from '../support/sender-record.js';

const CONTRACT_STATUSES = ['CREATING', 'PENDING_VERIFICATION', 'VERIFYING', 'OFFLINE', 'ONLINE', 'ONLINE:UPDATING', 'TWILIO_REVIEW', 'DRAFT', 'STUBBED'];
const PATHS: VerificationPath[] = ['twilio_sms', 'twilio_voice', 'external_sms', 'external_voice', 'watched'];

const sender = (status: string, path: VerificationPath, state: SenderRecord['state'] = 'verifying'): SenderRecord =>
  senderRecord({
    sid: `XE${'0'.repeat(32)}`,
    accountSid: `AC${'0'.repeat(32)}`,
    path,
    state,
    status,
    statusHistory: [{ status, at: '2026-11-25T12:00:00.000Z' }],
    createdAt: '2026-11-25T12:00:00.000Z',
  });

describe('the deadline of each status', () => {
  it('gives every status in the contract a meaning in plain words and, short of ONLINE, a next step, on every path', () => {
    for (const status of CONTRACT_STATUSES)
      for (const path of PATHS) {
        const online = status.startsWith('ONLINE');
        const { now, next } = explainStatus(sender(status, path, online ? 'online' : 'verifying'));
        expect(now, `${status} ${path}`).not.toContain('does not document');
        if (online) expect(next, `${status} ${path}`).toBe('');
        else expect(next.length, `${status} ${path}`).toBeGreaterThan(5);
      }
  });
  it('alerts DRAFT and STUBBED at once, the others after their setting, ONLINE never, and a code a person types only through its reminder', () => {
    const w = { ...DEFAULT_WATCH, stuckCreatingMs: 1, stuckVerifyingMs: 2, stuckOfflineMs: 3, stuckReviewMs: 4 };
    expect(stuckAfterMs(sender('DRAFT', 'external_sms'), w)).toBe(0);
    expect(stuckAfterMs(sender('STUBBED', 'watched'), w)).toBe(0);
    expect(stuckAfterMs(sender('CREATING', 'external_sms'), w)).toBe(1);
    expect(stuckAfterMs(sender('VERIFYING', 'external_sms'), w)).toBe(2);
    expect(stuckAfterMs(sender('PENDING_VERIFICATION', 'twilio_sms'), w)).toBe(2);
    expect(stuckAfterMs(sender('PENDING_VERIFICATION', 'external_sms'), w)).toBeUndefined();
    expect(stuckAfterMs(sender('OFFLINE', 'external_voice'), w)).toBe(3);
    expect(stuckAfterMs(sender('TWILIO_REVIEW', 'twilio_voice'), w)).toBe(4);
    expect(stuckAfterMs(sender('ONLINE', 'twilio_voice'), w)).toBeUndefined();
    expect(stuckAfterMs(sender('ONLINE:UPDATING', 'twilio_voice'), w)).toBeUndefined();
  });
});
