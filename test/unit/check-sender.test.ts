import { describe, expect, it } from 'vitest';
import { type CheckAnswer, type CheckDecision, checkSender } from '../../src/senders/watch/check-sender.js';
import { DEFAULT_WATCH } from '../../src/senders/watch/schedule.js';
import type { WatchMessage } from '../../src/senders/watch/watch-messages.js';
import type { SenderRecord } from '../../src/store/schema.js';
import type { SenderWire } from '../../src/twilio/wire.js';
import { senderRecord } from '../support/sender-record.js';

const T0 = Date.parse('2026-11-25T12:00:00Z');
const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();
const SID = `XE${'a'.repeat(32)}`;

const sender = (over: Partial<SenderRecord> = {}): SenderRecord =>
  senderRecord({
    sid: SID,
    state: 'verifying',
    status: 'VERIFYING',
    statusHistory: [{ status: 'VERIFYING', at: at(T0) }],
    createdAt: at(T0),
    ...over,
  });

const online = (over: Partial<SenderRecord> = {}): SenderRecord =>
  sender({
    state: 'online',
    status: 'ONLINE',
    qualityRating: 'HIGH',
    messagingLimit: '10K Customers/24hr',
    statusHistory: [
      { status: 'VERIFYING', at: at(T0) },
      { status: 'ONLINE', at: at(T0 + 10 * MIN) },
    ],
    watch: { nextCheckAt: at(T0 + 25 * MIN), unchangedChecks: 0, lastCheckedAt: at(T0 + 10 * MIN) },
    ...over,
  });

const says = (status: string, over: Partial<SenderWire> = {}): CheckAnswer => ({
  wire: { sid: SID, status, sender_id: 'whatsapp:+14155550100', properties: { quality_rating: 'HIGH', messaging_limit: '10K Customers/24hr' }, ...over },
});

/** The posts of a decision as `audience: kind`, and the other Slack updates by kind. */
const told = (decision: CheckDecision) => decision.messages.map((m: WatchMessage) => (m.kind === 'post' ? `${m.to}: ${m.news.kind}` : m.kind));

/** Checks `record` at each time with the same answer, each check starting from the record the last one decided. */
function checks(record: SenderRecord, answer: CheckAnswer, times: number[]): CheckDecision[] {
  const decisions: CheckDecision[] = [];
  for (const now of times) {
    const decision = checkSender(record, answer, now, DEFAULT_WATCH);
    decisions.push(decision);
    record = decision.record;
  }
  return decisions;
}

describe('checkSender: a sender reaching ONLINE', () => {
  it('notes the change in the thread, alerts ONLINE once, tells the requester, refreshes the message, and looks again as for ONLINE senders', () => {
    const decision = checkSender(sender(), says('ONLINE'), T0 + 5 * MIN, DEFAULT_WATCH);
    expect(told(decision)).toEqual(['thread: status_change', 'alerts: online', 'requester: requester', 'refresh_sender_message']);
    expect(decision.changed).toBe(true);
    expect(decision.record).toMatchObject({ state: 'online', status: 'ONLINE', qualityRating: 'HIGH' });
    expect(decision.record.watch?.nextCheckAt).toBe(at(T0 + 5 * MIN + DEFAULT_WATCH.onlineRecheckMs));
    const [, , next] = checks(decision.record, says('ONLINE'), [T0 + 20 * MIN, T0 + 35 * MIN, T0 + 50 * MIN]);
    expect(told(next!)).toEqual([]);
  });

  it('leaves the arrival of a bulk row to its run: no ONLINE alert, no direct message, the run progress refreshed', () => {
    const decision = checkSender(sender({ bulk: { runId: 'run1', line: 2 } }), says('ONLINE'), T0 + 5 * MIN, DEFAULT_WATCH);
    expect(told(decision)).toEqual(['refresh_sender_message', 'refresh_bulk_progress']);
    expect(decision.messages.at(-1)).toEqual({ kind: 'refresh_bulk_progress', runId: 'run1' });
  });

  it('changes nothing of the record it was given, and a failed check only sets when to look again', () => {
    const given = sender();
    const copy = structuredClone(given);
    checkSender(given, says('ONLINE'), T0 + 5 * MIN, DEFAULT_WATCH);
    expect(given).toEqual(copy);
    const failed = checkSender(given, { failed: true }, T0 + 5 * MIN, DEFAULT_WATCH);
    expect(failed).toMatchObject({ changed: false, messages: [] });
    expect(failed.record).toEqual({ ...copy, watch: { lastCheckedAt: at(T0 + 5 * MIN), nextCheckAt: at(T0 + 7 * MIN), unchangedChecks: 1 } });
  });

  it('a sender gone from Twilio (404) is marked deleted and failed, said in the thread', () => {
    const decision = checkSender(sender(), { gone: true }, T0 + 5 * MIN, DEFAULT_WATCH);
    expect(decision.record).toMatchObject({ state: 'failed', status: 'DELETED' });
    expect(decision.messages[0]).toEqual({ kind: 'post', to: 'thread', news: { kind: 'status_change', from: 'VERIFYING', to: 'DELETED' } });
  });
});

describe('checkSender: a sender stuck past its deadline', () => {
  it('alerts once when VERIFYING lasts past its deadline, tells the requester, then reminds in the incident thread each reminder period', () => {
    const deadline = T0 + DEFAULT_WATCH.stuckVerifyingMs;
    const [before, first, again, reminder, after] = checks(sender(), says('VERIFYING'), [
      deadline - MIN,
      deadline,
      deadline + MIN,
      deadline + DEFAULT_WATCH.stuckRemindMs,
      deadline + DEFAULT_WATCH.stuckRemindMs + MIN,
    ]);
    expect(told(before!)).toEqual(['refresh_sender_message']);
    expect(before!.record.watch?.alertAfter).toBe(at(deadline));
    expect(first!.messages.slice(0, 2)).toEqual([
      { kind: 'post', to: 'alerts', news: { kind: 'stuck', since: T0 } },
      { kind: 'post', to: 'requester', news: { kind: 'requester', event: 'stuck' } },
    ]);
    expect(first!.record.watch?.stuckAlert).toMatchObject({ status: 'VERIFYING', postedAt: at(deadline) });
    // The message loses the deadline it showed: the alert is out.
    expect(told(again!)).toEqual(['refresh_sender_message']);
    expect(reminder!.messages).toEqual([{ kind: 'post', to: 'incident', news: { kind: 'stuck_reminder', since: T0 } }]);
    expect(told(after!)).toEqual([]);
  });

  it('names who took the incident in the reminder', () => {
    const taken = sender({
      watch: { nextCheckAt: at(T0), unchangedChecks: 0, stuckAlert: { postedAt: at(T0 + 60 * MIN), status: 'VERIFYING', takenBy: 'U0BOB' } },
    });
    const decision = checkSender(taken, says('VERIFYING'), T0 + 60 * MIN + DEFAULT_WATCH.stuckRemindMs, DEFAULT_WATCH);
    expect(decision.messages).toEqual([{ kind: 'post', to: 'incident', news: { kind: 'stuck_reminder', since: T0, takenBy: 'U0BOB' } }]);
  });

  it('DRAFT needs a person: alerted at the first check', () => {
    const draft = sender({ status: 'DRAFT', statusHistory: [{ status: 'DRAFT', at: at(T0) }] });
    expect(told(checkSender(draft, says('DRAFT'), T0 + MIN, DEFAULT_WATCH))).toContain('alerts: stuck');
  });

  it('leaving the stuck status marks the alert recovered (the outbox edits it) and alerts ONLINE', () => {
    const [stuck] = checks(sender(), says('VERIFYING'), [T0 + DEFAULT_WATCH.stuckVerifyingMs]);
    const decision = checkSender(stuck!.record, says('ONLINE'), T0 + DEFAULT_WATCH.stuckVerifyingMs + 5 * MIN, DEFAULT_WATCH);
    expect(told(decision)).toEqual(['thread: status_change', 'alerts: online', 'requester: requester', 'mark_recovered', 'refresh_sender_message']);
    expect(decision.record.watch?.stuckAlert?.recoveredAt).toBe(at(T0 + DEFAULT_WATCH.stuckVerifyingMs + 5 * MIN));
  });

  it('a snoozed sender is not alerted until the snooze ends', () => {
    const snoozed = sender({ watch: { nextCheckAt: at(T0), unchangedChecks: 0, snoozedUntil: at(T0 + 90 * MIN) } });
    const [quiet, loud] = checks(snoozed, says('VERIFYING'), [T0 + 61 * MIN, T0 + 91 * MIN]);
    expect(told(quiet!)).not.toContain('alerts: stuck');
    expect(told(loud!)).toContain('alerts: stuck');
  });
});

describe('checkSender: a sender that drops from ONLINE', () => {
  const dropAt = T0 + 30 * MIN;

  it('alerts the drop once with since when it was ONLINE and when it was last seen so, tells the requester, and no stuck alert besides', () => {
    const decision = checkSender(online(), says('OFFLINE'), dropAt, DEFAULT_WATCH);
    expect(decision.messages).toEqual([
      { kind: 'post', to: 'thread', news: { kind: 'status_change', from: 'ONLINE', to: 'OFFLINE' } },
      { kind: 'post', to: 'alerts', news: { kind: 'dropped', onlineSince: T0 + 10 * MIN, lastSeenOnline: T0 + 10 * MIN } },
      { kind: 'post', to: 'requester', news: { kind: 'requester', event: 'dropped' } },
      { kind: 'refresh_sender_message' },
    ]);
    expect(decision.record.watch?.stuckAlert).toMatchObject({ kind: 'drop', postedAt: at(dropAt) });
    const [later] = checks(decision.record, says('OFFLINE'), [dropAt + DEFAULT_WATCH.stuckOfflineMs + MIN]);
    expect(told(later!)).toEqual([]);
  });

  it('ONLINE:UPDATING is still ONLINE: no drop, and no second ONLINE alert when it is back to ONLINE', () => {
    const updating = checkSender(online(), says('ONLINE:UPDATING'), dropAt, DEFAULT_WATCH);
    expect(told(updating)).toEqual(['thread: status_change', 'refresh_sender_message']);
    const back = checkSender(updating.record, says('ONLINE'), dropAt + 15 * MIN, DEFAULT_WATCH);
    expect(told(back)).toEqual(['thread: status_change', 'refresh_sender_message']);
  });

  it('a snoozed drop gets no reminder until the snooze ends', () => {
    const [dropped] = checks(online(), says('OFFLINE'), [dropAt]);
    const snoozedUntil = dropAt + DEFAULT_WATCH.stuckRemindMs + 2 * 60 * MIN;
    const snoozed = { ...dropped!.record, watch: { ...dropped!.record.watch!, snoozedUntil: at(snoozedUntil) } };
    expect(told(checkSender(snoozed, says('OFFLINE'), dropAt + DEFAULT_WATCH.stuckRemindMs, DEFAULT_WATCH))).toEqual([]);
    expect(told(checkSender(snoozed, says('OFFLINE'), snoozedUntil + MIN, DEFAULT_WATCH))).toEqual(['incident: stuck_reminder']);
  });

  it('back ONLINE: the drop alert is marked recovered and the requester told, with no second ONLINE alert', () => {
    const [dropped] = checks(online(), says('OFFLINE'), [dropAt]);
    const back = checkSender(dropped!.record, says('ONLINE'), dropAt + 10 * MIN, DEFAULT_WATCH);
    expect(told(back)).toEqual(['thread: status_change', 'mark_recovered', 'requester: requester', 'refresh_sender_message']);
    expect(back.messages[2]).toEqual({ kind: 'post', to: 'requester', news: { kind: 'requester', event: 'recovered' } });
  });
});

describe('checkSender: quality and messaging limit', () => {
  const withQuality = (quality: string, limit = '10K Customers/24hr') => says('ONLINE', { properties: { quality_rating: quality, messaging_limit: limit } });

  it('a fall of quality is alerted; a rise is a note in the thread; the same rating again is nothing', () => {
    const [fell, same, rose] = checks(online(), withQuality('LOW'), [T0 + 30 * MIN, T0 + 45 * MIN]).concat(
      checkSender(online({ qualityRating: 'LOW' }), withQuality('MEDIUM'), T0 + 60 * MIN, DEFAULT_WATCH),
    );
    expect(fell!.messages).toEqual([{ kind: 'post', to: 'alerts', news: { kind: 'quality_fell', from: 'HIGH', to: 'LOW' } }]);
    expect(told(same!)).toEqual([]);
    expect(rose!.messages).toEqual([{ kind: 'post', to: 'thread', news: { kind: 'quality_rose', from: 'LOW', to: 'MEDIUM' } }]);
  });

  it('the fall’s alert ends once the rating is back where it was before the first fall, not on a rise short of it', () => {
    const fell = checkSender(online(), withQuality('MEDIUM'), T0 + 30 * MIN, DEFAULT_WATCH);
    expect(fell.record.watch?.qualityAlert).toMatchObject({ about: 'HIGH' });
    const lower = checkSender(fell.record, withQuality('LOW'), T0 + 45 * MIN, DEFAULT_WATCH);
    // One row of falls: the second alert is timed from the first, and the first one's post ends with it.
    expect(lower.record.watch?.qualityAlert).toMatchObject({ about: 'HIGH', postedAt: at(T0 + 30 * MIN) });
    const short = checkSender(lower.record, withQuality('MEDIUM'), T0 + 60 * MIN, DEFAULT_WATCH);
    expect(told(short)).toEqual(['thread: quality_rose']);
    const back = checkSender(short.record, withQuality('HIGH'), T0 + 75 * MIN, DEFAULT_WATCH);
    expect(back.messages).toEqual([
      { kind: 'post', to: 'thread', news: { kind: 'quality_rose', from: 'MEDIUM', to: 'HIGH' } },
      { kind: 'resolve_notice', notice: 'quality' },
    ]);
    expect(back.record.watch?.qualityAlert?.resolvedAt).toBe(at(T0 + 75 * MIN));
    const again = checkSender(
      checkSender(back.record, withQuality('MEDIUM'), T0 + 90 * MIN, DEFAULT_WATCH).record,
      withQuality('HIGH'),
      T0 + 105 * MIN,
      DEFAULT_WATCH,
    );
    expect(again.messages.filter((m) => m.kind === 'resolve_notice')).toHaveLength(1);
  });

  it('a lowered limit is noted and alerted; a raised one only noted', () => {
    const lowered = checkSender(online(), withQuality('HIGH', '1K Customers/24hr'), T0 + 30 * MIN, DEFAULT_WATCH);
    expect(told(lowered)).toEqual(['thread: limit_changed', 'alerts: limit_lowered']);
    const raised = checkSender(online(), withQuality('HIGH', '100K Customers/24hr'), T0 + 30 * MIN, DEFAULT_WATCH);
    expect(told(raised)).toEqual(['thread: limit_changed']);
  });
});

describe('checkSender: a display-name change', () => {
  const verdict = (status: SenderWire['pending_display_name_status'], date = '2026-11-25T13:00:00Z') =>
    says('ONLINE', { pending_display_name: 'Acme Shop', pending_display_name_status: status, pending_display_name_status_date: date });
  const asked = online({ nameChange: { name: 'Acme Shop', requestedAt: at(T0 + 20 * MIN) } });

  it('under review: noted once in the thread, not alerted', () => {
    const [first, again] = checks(asked, verdict('PENDING_REVIEW'), [T0 + 30 * MIN, T0 + 45 * MIN]);
    expect(first!.messages).toEqual([
      { kind: 'post', to: 'thread', news: { kind: 'name_verdict', verdict: { name: 'Acme Shop', status: 'PENDING_REVIEW' } } },
      { kind: 'refresh_sender_message' },
    ]);
    expect(told(again!)).toEqual([]);
  });

  it('declined: noted and alerted once, with when the name was asked for (the reasons are read from then on)', () => {
    const [first, again] = checks(asked, verdict('DECLINED'), [T0 + 30 * MIN, T0 + 45 * MIN]);
    expect(told(first!)).toEqual(['thread: name_verdict', 'alerts: name_declined', 'refresh_sender_message']);
    expect(first!.messages[1]).toEqual({ kind: 'post', to: 'alerts', news: { kind: 'name_declined', name: 'Acme Shop', askedAt: T0 + 20 * MIN } });
    expect(told(again!)).toEqual([]);
  });

  it('a name approved after one was declined ends the declined alert, once', () => {
    const declined = checkSender(asked, verdict('DECLINED'), T0 + 30 * MIN, DEFAULT_WATCH);
    expect(declined.record.watch?.nameAlert).toMatchObject({ about: 'Acme Shop', postedAt: at(T0 + 30 * MIN) });
    const renamed = { ...declined.record, nameChange: { name: 'Acme Bakery', requestedAt: at(T0 + 40 * MIN) } };
    const approve = (status: SenderWire['pending_display_name_status'], date: string) =>
      says('ONLINE', { pending_display_name: 'Acme Bakery', pending_display_name_status: status, pending_display_name_status_date: date });
    const reviewing = checkSender(renamed, approve('PENDING_REVIEW', '2026-11-25T13:40:00Z'), T0 + 50 * MIN, DEFAULT_WATCH);
    expect(told(reviewing)).not.toContain('resolve_notice');
    const approved = checkSender(reviewing.record, approve('APPROVED', '2026-11-25T14:00:00Z'), T0 + 70 * MIN, DEFAULT_WATCH);
    expect(approved.messages).toContainEqual({ kind: 'resolve_notice', notice: 'name' });
    const completed = checkSender(approved.record, approve('COMPLETED', '2026-11-25T14:10:00Z'), T0 + 80 * MIN, DEFAULT_WATCH);
    expect(told(completed)).not.toContain('resolve_notice');
  });

  it('completed: the new name is the sender’s from then on', () => {
    const decision = checkSender(asked, verdict('COMPLETED'), T0 + 30 * MIN, DEFAULT_WATCH);
    expect(decision.record.profile.name).toBe('Acme Shop');
    expect(decision.messages[0]).toEqual({
      kind: 'post',
      to: 'thread',
      news: { kind: 'name_verdict', verdict: { name: 'Acme Shop', status: 'COMPLETED', previousName: 'Acme Store' } },
    });
  });
});

describe('checkSender: a voice-only number', () => {
  it('gives the calls back once Meta has taken the code', () => {
    const forwarded = sender({
      status: 'PENDING_VERIFICATION',
      state: 'awaiting_code',
      voiceForward: {
        phoneNumberSid: 'PN1',
        email: 'voicemail@example.com',
        forwardedAt: at(T0),
        previous: {
          voice_url: 'https://example.com/voice',
          voice_method: 'POST',
          voice_fallback_url: null,
          voice_fallback_method: null,
          voice_application_sid: null,
          trunk_sid: null,
        },
      },
    });
    expect(checkSender(forwarded, says('PENDING_VERIFICATION'), T0 + MIN, DEFAULT_WATCH).restoreVoice).toBeUndefined();
    expect(checkSender(forwarded, says('VERIFYING'), T0 + MIN, DEFAULT_WATCH).restoreVoice).toBe('code_taken');
  });
});
