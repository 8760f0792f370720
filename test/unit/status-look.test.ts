import { describe, expect, it } from 'vitest';
import type { SenderRecord } from '../../src/store/schema.js';
import { statusChangeNote } from '../../src/views/alerts.js';
import { deleteConfirmation } from '../../src/views/delete-confirmation.js';
import { otpModal } from '../../src/views/otp-modal.js';
import { senderButtons } from '../../src/views/sender-message.js';
import { statusLine } from '../../src/views/sender-summary.js';
import { blocksText } from '../support/flows.js';
import { senderRecord } from '../support/sender-record.js';

const VERIFIED_AT = Date.parse('2026-12-07T12:00:00Z');
const MINUTE = 60_000;

/** A sender OFFLINE since VERIFIED_AT, as the watcher leaves it: an alert due 30 minutes later. */
const offline = (over: Partial<SenderRecord> = {}): SenderRecord =>
  senderRecord({
    sid: `XE${'0'.repeat(32)}`,
    state: 'verifying',
    status: 'OFFLINE',
    statusHistory: [
      { status: 'VERIFYING', at: '2026-12-07T11:55:00.000Z' },
      { status: 'OFFLINE', at: '2026-12-07T12:00:00.000Z' },
    ],
    watch: { nextCheckAt: '2026-12-07T12:05:00.000Z', unchangedChecks: 0, alertAfter: '2026-12-07T12:30:00.000Z' },
    ...over,
  });

describe('a status looks like a problem only once its deadline has passed', () => {
  it('OFFLINE right after verification is a step in progress, not an incident', () => {
    const note = statusChangeNote(offline(), 'VERIFYING', 'OFFLINE', VERIFIED_AT);
    const text = blocksText(note.blocks);
    expect(text).toContain(':hourglass_flowing_sand:');
    expect(text).not.toContain(':red_circle:');
    expect(text).toContain('Verifying → Offline');
    expect(text).toContain('in progress');
  });

  it('the same status after its deadline is a problem with the alert as next step', () => {
    const line = statusLine(offline(), VERIFIED_AT + 40 * MINUTE);
    expect(line).toContain(':red_circle:');
    expect(line).toContain('longer than usual');
    expect(line).not.toContain('within a few minutes');
  });

  it('OFFLINE for 40 minutes with a rejected display name names the name, not a few minutes', () => {
    const record = offline({ offlineReasons: [{ code: '63124', message: 'Display name rejected' }] });
    const line = statusLine(record, VERIFIED_AT + 40 * MINUTE);
    expect(line).toContain('rejected the display name');
    expect(line).not.toContain('within a few minutes');
    expect(line).toContain(':red_circle:');
  });

  it('the delete confirmation points at offline reasons only when it shows them', () => {
    const none = blocksText(deleteConfirmation(offline(), VERIFIED_AT + 40 * MINUTE).blocks);
    expect(none).not.toMatch(/offline reasons/i);
    const withReasons = blocksText(deleteConfirmation(offline({ offlineReasons: [{ code: '63113', message: 'No payment method' }] })).blocks);
    expect(withReasons).toContain('*Offline reasons*');
    expect(withReasons).toContain('63113');
  });

  it('ONLINE says it once, and has no "Next: nothing" line', () => {
    const line = statusLine(senderRecord({ state: 'online', status: 'ONLINE', statusHistory: [{ status: 'ONLINE', at: '2026-12-07T12:00:00.000Z' }] }));
    expect(line).toBe(':large_green_circle: *Online*: The sender can send and receive WhatsApp messages.');
  });

  it('a failed registration says it failed and what to press, never an unknown status', () => {
    const line = statusLine(senderRecord({ state: 'failed', lastError: { code: 63100, message: 'Invalid number' } }));
    expect(line).toContain(':x: *Failed*');
    expect(line).not.toContain('does not document');
    expect(line).toContain('*Retry*');
  });

  it('a Twilio SMS number in VERIFYING is not said to have had a code checked', () => {
    const line = statusLine(offline({ path: 'twilio_sms', status: 'VERIFYING', watch: undefined }));
    expect(line).not.toContain('checking the code');
    expect(line).toContain('Twilio verified the number');
  });
});

describe('words per verification path', () => {
  it('the code form of a voice number never says Switch to voice', () => {
    for (const path of ['twilio_voice', 'external_voice'] as const) {
      const modal = otpModal(senderRecord({ path, state: 'awaiting_code', status: 'PENDING_VERIFICATION' }));
      expect(JSON.stringify(modal), path).not.toContain('Switch to voice');
    }
    expect(JSON.stringify(otpModal(senderRecord({ path: 'external_sms', state: 'awaiting_code' })))).toContain('Switch to voice');
  });

  it('the Abandon confirmation speaks of voice settings only for a Twilio voice number', () => {
    const confirmText = (path: SenderRecord['path']) =>
      JSON.stringify(senderButtons(senderRecord({ path, state: 'awaiting_code' })).find((b) => b.action_id === 'sender_abandon')?.confirm);
    expect(confirmText('twilio_voice')).toContain('voice settings');
    expect(confirmText('external_sms')).not.toContain('voice settings');
    expect(confirmText('external_voice')).not.toContain('voice settings');
  });
});
