import { describe, expect, it } from 'vitest';
import { problemFrom } from '../../src/senders/outcome.js';
import { senderKey } from '../../src/senders/watch/lookup.js';
import type { BulkRun } from '../../src/store/schema.js';
import { TwilioApiError } from '../../src/twilio/errors.js';
import { incidentActions } from '../../src/views/alert-controls.js';
import { bulkPreviewModal } from '../../src/views/bulk.js';
import { durationText } from '../../src/views/duration-text.js';
import { describeProblem, describeProblemPlain } from '../../src/views/error-guide.js';
import { ACTION } from '../../src/views/ids.js';
import { registrationModal } from '../../src/views/registration-modal.js';
import { senderButtons } from '../../src/views/sender-message.js';
import { senderRecord } from '../support/sender-record.js';

const TRY_AGAIN = /try again/i;

describe('a refusal says its own next step; only an outage says try again', () => {
  it('an unreadable number (`status +1 999`) points at the number, not at retrying', () => {
    const refusal = senderKey('+1 999');
    expect(typeof refusal).not.toBe('string');
    if (typeof refusal === 'string') return;
    for (const text of [describeProblem(refusal, '/senders'), describeProblemPlain(refusal, '/senders')]) {
      expect(text).not.toMatch(TRY_AGAIN);
      expect(text).not.toContain('bot admins');
      expect(text).toContain('sender SID');
    }
  });

  it('a refusal the bot words itself is shown as it is, without a footer', () => {
    const refusal = { message: 'No bulk run yet. Start one with `/senders bulk`.' };
    expect(describeProblem(refusal, '/senders')).toBe('No bulk run yet. Start one with `/senders bulk`.');
    expect(describeProblemPlain(refusal, '/senders')).toBe('No bulk run yet. Start one with `/senders bulk`.');
  });

  it('a lost connection or an unexpected failure says to try again', () => {
    expect(describeProblem(problemFrom(new Error('socket hang up')), '/senders')).toMatch(TRY_AGAIN);
    expect(describeProblemPlain(problemFrom(new Error('socket hang up')), '/senders')).toMatch(TRY_AGAIN);
  });

  it('a Twilio outage (5xx, unreachable) says to try again', () => {
    expect(describeProblem(problemFrom(new TwilioApiError(503, undefined, 'Service Unavailable')), '/senders')).toMatch(TRY_AGAIN);
    expect(describeProblem(problemFrom(new TwilioApiError(0, undefined, 'timed out')), '/senders')).toMatch(TRY_AGAIN);
  });
});

const run: BulkRun = {
  id: 'b1',
  createdBy: 'U1',
  createdAt: '2026-12-07T12:00:00.000Z',
  channel: 'C1',
  state: 'previewing',
  nameFirst: false,
  totalRows: 3,
  refused: [],
  warnings: [],
  recordIds: [],
};
const previewText = (paceMs: number) => JSON.stringify(bulkPreviewModal(run, 3, 1, paceMs).blocks);

describe('paces and intervals read as people say them', () => {
  it('seconds, minutes, hours and days, without fractions', () => {
    expect(durationText(20_000)).toBe('20 s');
    expect(durationText(60_000)).toBe('1 min');
    expect(durationText(90_000)).toBe('1 min 30 s');
    expect(durationText(3 * 60_000)).toBe('3 min');
    expect(durationText(90 * 60_000)).toBe('1 h 30 min');
    expect(durationText(2 * 3_600_000)).toBe('2 h');
    expect(durationText(51 * 3_600_000)).toBe('2 d 3 h');
    expect(durationText(400)).toBe('1 s');
  });

  it('the bulk preview states its pace in those words', () => {
    expect(previewText(20_000)).toContain('every 20 s');
    expect(previewText(20_000)).not.toContain('0.33');
    expect(previewText(3 * 60_000)).toContain('every 3 min');
    expect(previewText(0)).not.toMatch(/every 0/);
    expect(previewText(0)).toContain('no wait between requests');
  });
});

describe('the bulk modals have a plain title', () => {
  it('names the task, within the 24 characters Slack allows', () => {
    const title = bulkPreviewModal(run, 3, 1, 20_000).title.text;
    expect(title).toBe('Bulk registration');
    expect(title.length).toBeLessThanOrEqual(24);
  });
});

describe('Abandon is a plain button; only its confirmation is red', () => {
  it('in every state where a sender offers it', () => {
    const states = ['queued', 'creating', 'awaiting_code', 'verifying'] as const;
    for (const state of states) {
      const abandon = senderButtons(senderRecord({ state, status: 'PENDING_VERIFICATION' })).find((b) => b.action_id === ACTION.abandon);
      expect(abandon, state).toBeDefined();
      expect(abandon!.style, state).toBeUndefined();
      expect(abandon!.confirm?.style, state).toBe('danger');
    }
  });
});

describe('words for people, not field names, in one typography', () => {
  it('the registration form asks for the display name without its API field', () => {
    const text = JSON.stringify(registrationModal({ customers: [], mainAccountSid: `AC${'0'.repeat(32)}`, metadata: { channel: 'C1' } }));
    expect(text).toContain('"Display name"');
    expect(text).not.toContain('profile.name');
  });

  it('an alert offers “I’m on it” with the same apostrophe as every other message', () => {
    const block = incidentActions(senderRecord({ state: 'verifying', status: 'VERIFYING' }), { takeable: true });
    const labels = JSON.stringify(block);
    expect(labels).toContain('I’m on it');
    expect(labels).not.toContain("I'm");
  });
});
