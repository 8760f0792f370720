import { describe, expect, it } from 'vitest';
import type { GraphNumber, GraphWaba, MetaEvent } from '../../src/meta/meta-view.js';
import { checkMeta, type MetaAnswer } from '../../src/senders/meta/meta-check.js';
import type { Customer, MetaHealth } from '../../src/store/schema.js';
import { senderRecord } from '../support/sender-record.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;
const settings = { recheckMs: 15 * MIN, remindMs: 4 * 60 * MIN };
const at = (ms: number) => new Date(ms).toISOString();
/** An incident's id: its cause and when it opened. */
const id = (cause: string, opened = T0) => `${cause}@${at(opened)}`;
const customer: Customer = {
  id: 'c1',
  name: 'Acme',
  accountSid: 'AC1',
  createdBySlackUser: 'U1',
  createdAt: '2026-01-01T00:00:00Z',
  createdSubaccount: true,
  wabaId: '555',
};
const online = (phoneNumber: string, id: string) =>
  senderRecord({ id, phoneNumber, state: 'online', status: 'ONLINE', statusHistory: [{ status: 'ONLINE', at: '2026-11-01T00:00:00Z' }] });
const SENDERS = [online('+14155550101', 'r1'), online('+14155550102', 'r2'), online('+14155550103', 'r3')];
const AVAILABLE: MetaHealth = { canSend: 'AVAILABLE', errors: [] };
const number = (e164: string, over: Partial<GraphNumber> = {}): GraphNumber => ({
  id: `pn${e164.slice(-3)}`,
  e164,
  status: 'CONNECTED',
  nameStatus: 'APPROVED',
  quality: 'GREEN',
  limit: 'TIER_2K',
  health: AVAILABLE,
  ...over,
});
const healthy = (): MetaAnswer => ({ numbers: SENDERS.map((s) => number(s.phoneNumber)), waba: { health: AVAILABLE, accountReviewStatus: 'APPROVED' } });
const paymentBlock: MetaHealth = {
  canSend: 'BLOCKED',
  errors: [{ entity: 'WABA', code: 141006, description: 'No valid payment method', solution: 'Add a payment method' }],
};
const restricted = (): MetaAnswer => ({
  numbers: SENDERS.map((s) => number(s.phoneNumber, { health: paymentBlock })),
  waba: { health: paymentBlock, accountReviewStatus: 'APPROVED' } satisfies GraphWaba,
});

describe("Meta's view of a customer's WABA", () => {
  it('opens one incident for a restricted WABA that lists every number, and ends it when Meta lifts it', () => {
    const first = checkMeta(customer, SENDERS, restricted(), [], T0, settings);
    expect(first.news).toEqual([{ kind: 'opened', id: id('WABA:141006') }]);
    const incident = first.customer.meta?.incidents?.[0];
    expect(incident).toMatchObject({ code: 141006, description: 'No valid payment method', numbers: SENDERS.map((s) => s.phoneNumber) });

    const again = checkMeta(first.customer, first.senders, restricted(), [], T0 + 15 * MIN, settings);
    expect(again.news).toEqual([]);

    const lifted = checkMeta(again.customer, first.senders, healthy(), [], T0 + 30 * MIN, settings);
    expect(lifted.news).toEqual([{ kind: 'resolved', id: id('WABA:141006') }]);
    expect(lifted.customer.meta?.incidents?.[0]?.recoveredAt).toBe(new Date(T0 + 30 * MIN).toISOString());
  });

  it('alerts a number Meta blocks while Twilio says ONLINE, and not one Twilio already shows offline', () => {
    const blocked: MetaHealth = { canSend: 'BLOCKED', errors: [{ entity: 'PHONE_NUMBER', code: 131031, description: 'Account has been locked' }] };
    const answer: MetaAnswer = { ...healthy(), numbers: [number('+14155550101', { health: blocked }), number('+14155550102', { health: blocked })] };
    const offline = { ...SENDERS[1]!, status: 'OFFLINE' };
    const decided = checkMeta(customer, [SENDERS[0]!, offline], answer, [], T0, settings);
    expect(decided.news).toEqual([{ kind: 'opened', id: id('PHONE_NUMBER:+14155550101:131031') }]);
    expect(decided.customer.meta?.incidents?.[0]?.numbers).toEqual(['+14155550101']);
  });

  it("names Meta's reason for a declined first display name, keeping the newest decision when webhooks come out of order", () => {
    const event = (at: number, decision: string, reason?: string): MetaEvent => ({
      key: `k${at}`,
      wabaId: '555',
      field: 'phone_number_name_update',
      at,
      numbers: ['+14155550101'],
      nameDecision: { e164: '+14155550101', decision, name: 'Acme Shop', reason },
    });
    const answer: MetaAnswer = { ...healthy(), numbers: [number('+14155550101', { nameStatus: 'DECLINED', verifiedName: 'Acme Shop' })] };
    const newerFirst = [event(T0 - MIN, 'REJECTED', 'The name does not match the business'), event(T0 - 10 * MIN, 'DEFERRED')];
    const decided = checkMeta(customer, [SENDERS[0]!], answer, newerFirst, T0, settings);
    expect(decided.senders[0]?.meta?.nameDecision).toMatchObject({ decision: 'REJECTED', reason: 'The name does not match the business' });
    expect(decided.customer.meta?.incidents?.[0]).toMatchObject({
      cause: 'NAME:+14155550101',
      entity: 'NAME',
      description: 'Meta declined the display name “Acme Shop”: The name does not match the business',
    });
  });

  it('tells a change of the portfolio limit once, naming the numbers it covers, and not on the first look', () => {
    const first = checkMeta(customer, SENDERS, healthy(), [], T0, settings);
    expect(first.limitChange).toBeUndefined();
    const raised: MetaAnswer = { ...healthy(), numbers: SENDERS.map((s) => number(s.phoneNumber, { limit: 'TIER_10K' })) };
    const second = checkMeta(first.customer, first.senders, raised, [], T0 + 15 * MIN, settings);
    expect(second.limitChange).toEqual({ from: 'TIER_2K', to: 'TIER_10K', numbers: SENDERS.map((s) => s.phoneNumber) });
    expect(checkMeta(second.customer, second.senders, raised, [], T0 + 30 * MIN, settings).limitChange).toBeUndefined();
  });

  it('reminds an open incident after the remind time unless it is snoozed', () => {
    const first = checkMeta(customer, SENDERS, restricted(), [], T0, settings);
    const later = checkMeta(first.customer, first.senders, restricted(), [], T0 + 4 * 60 * MIN, settings);
    expect(later.news).toEqual([{ kind: 'reminder', id: id('WABA:141006') }]);
    const snoozed = structuredClone(first.customer);
    snoozed.meta!.incidents![0]!.snoozedUntil = new Date(T0 + 24 * 60 * MIN).toISOString();
    expect(checkMeta(snoozed, first.senders, restricted(), [], T0 + 4 * 60 * MIN, settings).news).toEqual([]);
  });

  it('changes a sender only when what Meta says of it changed', () => {
    const first = checkMeta(customer, SENDERS, healthy(), [], T0, settings);
    expect(first.senders.map((s) => s.meta?.status)).toEqual(['CONNECTED', 'CONNECTED', 'CONNECTED']);
    expect(checkMeta(first.customer, first.senders, healthy(), [], T0 + 15 * MIN, settings).senders).toEqual([]);
  });

  it('keeps the last view and says why when Meta cannot be asked, and looks again at the next recheck', () => {
    const first = checkMeta(customer, SENDERS, restricted(), [], T0, settings);
    const refused = checkMeta(
      first.customer,
      first.senders,
      { failed: true, problem: 'Meta does not accept the token', lasting: true },
      [],
      T0 + MIN,
      settings,
    );
    expect(refused.news).toEqual([]);
    expect(refused.customer.meta).toMatchObject({ accessProblem: 'Meta does not accept the token', nextCheckAt: new Date(T0 + 16 * MIN).toISOString() });
    expect(refused.customer.meta?.incidents?.[0]?.recoveredAt).toBeUndefined();
    // Told once: the same refusal again is not a new note.
    expect(refused.accessLost).toBe('Meta does not accept the token');
    const again = checkMeta(
      refused.customer,
      first.senders,
      { failed: true, problem: 'Meta does not accept the token', lasting: true },
      [],
      T0 + 20 * MIN,
      settings,
    );
    expect(again.accessLost).toBeUndefined();
  });

  it('asks again within 5 minutes after a failure that may pass (a timeout, Meta asking the bot to slow down)', () => {
    const slow = checkMeta(customer, SENDERS, { failed: true, problem: 'Meta did not answer in time', lasting: false }, [], T0, settings);
    expect(slow.customer.meta?.nextCheckAt).toBe(at(T0 + 5 * MIN));
    expect(slow.customer.meta?.accessProblem).toBeUndefined();
  });

  it('an answer older than the view stored meanwhile (another look finished first) changes nothing', () => {
    const newer = checkMeta(customer, SENDERS, restricted(), [], T0 + MIN, settings);
    const older = checkMeta(newer.customer, newer.senders, healthy(), [], T0, settings);
    expect(older.news).toEqual([]);
    expect(older.stale).toBe(true);
    expect(older.customer.meta?.incidents?.[0]?.recoveredAt).toBeUndefined();
  });

  it("keeps a number's block open while Meta still blocks it, even once Twilio no longer says ONLINE, and while Meta does not list the number", () => {
    const blocked: MetaHealth = { canSend: 'BLOCKED', errors: [{ entity: 'PHONE_NUMBER', code: 131031, description: 'Account has been locked' }] };
    const answer: MetaAnswer = { ...healthy(), numbers: [number('+14155550101', { health: blocked })] };
    const first = checkMeta(customer, [SENDERS[0]!], answer, [], T0, settings);
    const offline = { ...first.senders[0]!, status: 'OFFLINE' };
    expect(checkMeta(first.customer, [offline], answer, [], T0 + MIN, settings).news).toEqual([]);
    const unlisted = checkMeta(first.customer, [offline], { ...healthy(), numbers: [] }, [], T0 + 2 * MIN, settings);
    expect(unlisted.news).toEqual([]);
    expect(unlisted.customer.meta?.incidents?.[0]?.recoveredAt).toBeUndefined();
  });

  it("takes the portfolio's limit most numbers show, so a number on a tier of its own does not flip it", () => {
    const first = checkMeta(customer, SENDERS, healthy(), [], T0, settings);
    const mixed: MetaAnswer = { ...healthy(), numbers: SENDERS.map((s, i) => number(s.phoneNumber, { limit: i === 0 ? 'TIER_1K' : 'TIER_2K' })) };
    expect(checkMeta(first.customer, first.senders, mixed, [], T0 + 15 * MIN, settings).limitChange).toBeUndefined();
  });
});
