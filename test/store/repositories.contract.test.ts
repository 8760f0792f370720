import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DuplicateCustomerError,
  DuplicateIdError,
  DuplicateRegistrationError,
  type ShownStatusGroup,
  StaleRecordError,
  type Store,
} from '../../src/store/repositories.js';
import { attentionOf } from '../../src/store/rules/attention.js';
import type { Onboarding, PendingPurchase, PendingSubaccount } from '../../src/store/schema.js';
import { StorageError } from '../../src/store/storage-error.js';
import {
  accountsContract,
  auditContract,
  channelBindingsContract,
  pollerContract,
  smallRepositoriesSingleWriteFailures,
} from './contract/accounts-and-small.js';
import { codeRequestsContract } from './contract/code-requests.js';
import { bulkRunsContract, customersAndRunsSingleWriteFailures, customersContract } from './contract/customers-and-runs.js';
import { BOUNDS, bulkRun, type ContractContext, customer, iso, MINUTE, sender, T0, watched } from './contract/fixtures.js';
import { metaEventsContract } from './contract/meta-events.js';
import { outboxContract, outboxSingleWriteFailures } from './contract/outbox.js';
import { sendersContract, sendersSingleWriteFailures } from './contract/senders.js';
import { type OpenedStore, storeFactories } from './factories.js';

/**
 * What every store promises the rest of the bot (src/store/repositories.ts), checked through
 * the interface only, once per implementation (the way one driver suite runs against every
 * backend). Each repository's own promises are in ./contract/.
 */
describe.each(storeFactories)('the $kind store', (factory) => {
  let skip: string | undefined;
  let opened: OpenedStore;
  let store: Store;

  beforeAll(async () => {
    skip = await factory.unavailable();
    if (skip) console.warn(`store contract for ${factory.kind} skipped: ${skip}`);
  });
  beforeEach(async (context) => {
    if (skip) return context.skip();
    opened = await factory.open();
    store = opened.store;
  });
  afterEach(async () => {
    if (!skip) await opened.dispose();
  });
  afterAll(async () => {
    if (!skip) await factory.release?.();
  });

  const ctx: ContractContext = {
    get store() {
      return store;
    },
    get opened() {
      return opened;
    },
  };
  sendersContract(ctx);
  customersContract(ctx);
  bulkRunsContract(ctx);
  outboxContract(ctx);
  auditContract(ctx);
  channelBindingsContract(ctx);
  accountsContract(ctx);
  pollerContract(ctx);
  codeRequestsContract(ctx);
  metaEventsContract(ctx);

  describe('a single write the storage refuses rejects with a StorageError, and nothing of it stays', () => {
    sendersSingleWriteFailures(ctx);
    customersAndRunsSingleWriteFailures(ctx);
    outboxSingleWriteFailures(ctx);
    smallRepositoriesSingleWriteFailures(ctx);
  });

  describe('records are copies, with versions', () => {
    it('insert sets version 1; what get returns, and what was inserted, change nothing stored until saved', async () => {
      const record = sender();
      await store.senders.insert(record);
      expect(record.version).toBe(1);
      record.profile.name = 'changed after insert';
      const first = (await store.senders.get(record.id))!;
      expect(first).toMatchObject({ id: record.id, version: 1, profile: { name: 'Acme Store' } });
      first.state = 'online';
      first.statusHistory.push({ status: 'ONLINE', at: iso(T0) });
      const again = (await store.senders.get(record.id))!;
      expect(again.state).toBe('queued');
      expect(again.statusHistory).toEqual([]);
      expect(again).not.toBe(first);
    });

    it('save stores the change and raises the version; a save from an older read is refused as stale and changes nothing', async () => {
      await store.senders.insert(sender({ id: 'v1' }));
      const mine = (await store.senders.get('v1'))!;
      const theirs = (await store.senders.get('v1'))!;
      mine.state = 'creating';
      await store.senders.save(mine);
      expect(mine.version).toBe(2);
      mine.state = 'awaiting_code';
      await store.senders.save(mine);
      expect(mine.version).toBe(3);
      theirs.state = 'abandoned';
      await expect(store.senders.save(theirs)).rejects.toBeInstanceOf(StaleRecordError);
      expect(theirs.version).toBe(1);
      expect(await store.senders.get('v1')).toMatchObject({ state: 'awaiting_code', version: 3 });
    });

    it('a save of a record that was never stored is stale', async () => {
      await expect(store.senders.save({ ...sender(), version: 1 })).rejects.toBeInstanceOf(StaleRecordError);
    });

    it('saveAll saves the current records and skips, by id, the stale ones', async () => {
      await store.senders.insert(sender({ id: 'a1' }));
      await store.senders.insert(sender({ id: 'a2' }));
      const [a1, a2] = await store.senders.getMany(['a1', 'a2']);
      const newer = (await store.senders.get('a2'))!;
      newer.state = 'failed';
      await store.senders.save(newer);
      a1!.state = 'creating';
      a2!.state = 'creating';
      expect(await store.senders.saveAll([a1!, a2!])).toEqual(['a2']);
      expect(a1!.version).toBe(2);
      expect((await store.senders.getMany(['a1', 'a2'])).map((r) => r.state)).toEqual(['creating', 'failed']);
    });

    it('customers and bulk runs follow the same version rule', async () => {
      const acme = customer('c1', 'Acme', 'AC1');
      await store.customers.insert(acme);
      const stale = (await store.customers.get('c1'))!;
      acme.wabaId = '1234567890';
      await store.customers.save(acme);
      stale.wabaId = '999999999';
      await expect(store.customers.save(stale)).rejects.toBeInstanceOf(StaleRecordError);
      expect((await store.customers.get('c1'))!.wabaId).toBe('1234567890');

      const run = bulkRun('b1');
      await store.bulkRuns.insert(run);
      const older = (await store.bulkRuns.get('b1'))!;
      run.state = 'running';
      await store.bulkRuns.save(run);
      older.state = 'cancelled';
      await expect(store.bulkRuns.save(older)).rejects.toBeInstanceOf(StaleRecordError);
      expect((await store.bulkRuns.get('b1'))!.state).toBe('running');
    });
  });

  describe('one registration in play per number and account', () => {
    it('refuses a second in-play registration of a number in the same account, naming the one in play', async () => {
      const first = sender({ phoneNumber: '+14155550100' });
      await store.senders.insert(first);
      const second = sender({ phoneNumber: '+14155550100' });
      const refusal = await store.senders.insert(second).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DuplicateRegistrationError);
      expect(refusal).toMatchObject({ existingId: first.id, accountSid: 'AC1', phoneNumber: '+14155550100' });
      expect(await store.senders.get(second.id)).toBeUndefined();
      // Another account may register the same number.
      await store.senders.insert(sender({ phoneNumber: '+14155550100', accountSid: 'AC2' }));
      expect((await store.senders.findActive('AC1', '+14155550100'))!.id).toBe(first.id);
    });

    it('lets the number be registered again once the registration in play failed or was abandoned, and keeps finished ones', async () => {
      const first = sender({ phoneNumber: '+14155550101' });
      await store.senders.insert(first);
      first.state = 'failed';
      await store.senders.save(first);
      await store.senders.insert(sender({ phoneNumber: '+14155550101', state: 'abandoned' }));
      const again = sender({ phoneNumber: '+14155550101' });
      await store.senders.insert(again);
      expect((await store.senders.findActive('AC1', '+14155550101'))!.id).toBe(again.id);
      expect((await store.senders.findBySidOrPhone('+14155550101'))!.id).toBe(again.id);
      // A finished record brought back into play beside another is refused too.
      first.state = 'queued';
      await expect(store.senders.save(first)).rejects.toBeInstanceOf(DuplicateRegistrationError);
    });

    it('finds the newest record of a number when none is in play, and records by SID', async () => {
      const older = sender({ phoneNumber: '+14155550102', state: 'failed', sid: 'XEa' });
      const newer = sender({ phoneNumber: '+14155550102', state: 'abandoned', sid: 'XEb' });
      await store.senders.insert(older);
      await store.senders.insert(newer);
      expect((await store.senders.findBySidOrPhone('+14155550102'))!.id).toBe(newer.id);
      expect((await store.senders.findBySidOrPhone('XEa'))!.id).toBe(older.id);
      expect((await store.senders.withSid('XEb', 'AC1')).map((r) => r.id)).toEqual([newer.id]);
      expect(await store.senders.withSid('XEb', 'AC9')).toEqual([]);
    });

    it('keeps customers unique by name, whatever its case, and by account', async () => {
      await store.customers.insert(customer('c1', 'Acme Corp', 'AC1'));
      await expect(store.customers.insert(customer('c2', 'ACME CORP', 'AC2'))).rejects.toBeInstanceOf(DuplicateCustomerError);
      await expect(store.customers.insert(customer('c3', 'Beta', 'AC1'))).rejects.toBeInstanceOf(DuplicateCustomerError);
      expect((await store.customers.list()).map((c) => c.id)).toEqual(['c1']);
      expect((await store.customers.find(' acme corp '))!.id).toBe('c1');
      expect((await store.customers.find('ac1'))!.id).toBe('c1');
      expect((await store.customers.byAccount('AC1'))!.name).toBe('Acme Corp');
    });

    it('tells whether any customer is stored', async () => {
      expect(await store.customers.any()).toBe(false);
      await store.customers.insert(customer('c1', 'Acme Corp', 'AC1'));
      expect(await store.customers.any()).toBe(true);
    });

    it('finds the customers holding any of some WABAs, in the order they were added', async () => {
      await store.customers.insert({ ...customer('c1', 'Acme Corp', 'AC1'), wabaId: '104000000000001' });
      await store.customers.insert(customer('c2', 'Beta', 'AC2'));
      await store.customers.insert({ ...customer('c3', 'Gamma', 'AC3'), wabaId: '104000000000003' });
      const ids = async (wabaIds: string[]) => (await store.customers.holdingWabas(wabaIds)).map((c) => c.id);
      expect(await ids(['104000000000003', '104000000000001', '104999'])).toEqual(['c1', 'c3']);
      expect(await ids(['104999'])).toEqual([]);
      expect(await ids([])).toEqual([]);
      expect((await store.customers.holdingWabas(['104000000000001']))[0]!.version).toBe(1);
    });
  });

  describe('atomically', () => {
    it('keeps nothing of work that throws, and gives back the versions it set', async () => {
      const existing = sender();
      await store.senders.insert(existing);
      const added = sender();
      const boom = new Error('changed its mind');
      await expect(
        store.atomically(async (tx) => {
          await tx.senders.insert(added);
          existing.state = 'creating';
          await tx.senders.save(existing);
          await tx.audit.add({ at: iso(T0), user: 'U1', action: 'register', target: added.phoneNumber });
          await tx.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'hello' }, T0);
          await tx.accounts.takeTurn('AC1', T0, MINUTE);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.senders.get(added.id)).toBeUndefined();
      expect(await store.senders.get(existing.id)).toMatchObject({ state: 'queued', version: 1 });
      expect(existing.version).toBe(1);
      expect(added.version).toBeUndefined();
      expect(await store.audit.recent(10)).toEqual([]);
      expect(await store.outbox.waiting()).toEqual([]);
      expect(await store.accounts.pace('AC1')).toBeUndefined();
      // The record can be saved again once the caller decided.
      existing.state = 'creating';
      await store.senders.save(existing);
      expect(existing.version).toBe(2);
    });

    it('persists all of its writes together, or none when the storage fails', async (context) => {
      if (!opened.faults) return context.skip();
      const kept = sender();
      await store.atomically(async (tx) => {
        await tx.senders.insert(kept);
        await tx.audit.add({ at: iso(T0), user: 'U1', action: 'register', target: kept.phoneNumber });
      });
      expect(await store.senders.get(kept.id)).toBeDefined();

      const lost = sender();
      opened.faults.fail();
      const failure = await store
        .atomically(async (tx) => {
          await tx.senders.insert(lost);
          kept.state = 'creating';
          await tx.senders.save(kept);
          await tx.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'after' }, T0);
        })
        .catch((error: unknown) => error);
      opened.faults.heal();
      expect(failure).toBeInstanceOf(StorageError);
      expect(await store.senders.get(lost.id)).toBeUndefined();
      expect(await store.senders.get(kept.id)).toMatchObject({ state: 'queued', version: 1 });
      expect(kept.version).toBe(1);
      expect(await store.outbox.waiting()).toEqual([]);
      expect((await store.audit.recent(10)).map((e) => e.target)).toEqual([kept.phoneNumber]);
      // Once the storage works again, the same change goes through.
      await store.atomically((tx) => tx.senders.save(kept));
      expect(await store.senders.get(kept.id)).toMatchObject({ state: 'creating', version: 2 });
    });

    it('a single write that fails keeps nothing, and no later write carries it to the storage', async (context) => {
      if (!opened.faults) return context.skip();
      const record = sender();
      await store.senders.insert(record);
      opened.faults.fail();
      record.state = 'creating';
      await expect(store.senders.save(record)).rejects.toBeInstanceOf(StorageError);
      await expect(store.audit.add({ at: iso(T0), user: 'U1', action: 'register', target: record.phoneNumber })).rejects.toBeInstanceOf(StorageError);
      opened.faults.heal();
      expect(record.version).toBe(1);
      expect(await store.senders.get(record.id)).toMatchObject({ state: 'queued', version: 1 });
      // A write that works afterwards stores only itself.
      await store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'after' }, T0);
      await store.flush();
      expect(await store.senders.get(record.id)).toMatchObject({ state: 'queued', version: 1 });
      expect(await store.audit.recent(10)).toEqual([]);
      // The caller may decide again and save the same change.
      await store.senders.save(record);
      expect(await store.senders.get(record.id)).toMatchObject({ state: 'creating', version: 2 });
    });

    it('a refused insert inside leaves the transaction usable', async () => {
      const first = sender({ phoneNumber: '+14155550103' });
      await store.senders.insert(first);
      const other = sender();
      await store.atomically(async (tx) => {
        await expect(tx.senders.insert(sender({ phoneNumber: '+14155550103' }))).rejects.toBeInstanceOf(DuplicateRegistrationError);
        await tx.senders.insert(other);
      });
      expect(await store.senders.get(other.id)).toBeDefined();
    });
  });

  describe('the questions of the poller and the create queue', () => {
    it('due: watched records in play with a SID whose check time has come or lies beyond any wait, in insertion order', async () => {
      const now = T0 + 60 * MINUTE;
      const records = {
        neverChecked: watched('verifying'),
        due: watched('verifying', now - MINUTE),
        dueNow: watched('awaiting_code', now),
        later: watched('verifying', now + 10 * MINUTE),
        clockRanAhead: watched('verifying', now + 31 * MINUTE),
        onlineLater: watched('online', now + 45 * MINUTE),
        onlineClockRanAhead: watched('online', now + 61 * MINUTE),
        noSid: sender({ state: 'creating' }),
        finished: watched('failed', now - MINUTE),
        unwatched: watched('online', now - MINUTE, { watch: { nextCheckAt: iso(now - MINUTE), unchangedChecks: 0, unwatchedAt: iso(T0) } }),
      };
      for (const record of Object.values(records)) await store.senders.insert(record);
      const due = await store.senders.duePlan(now, BOUNDS, 20);
      const ids = (names: (keyof typeof records)[]) => names.map((name) => records[name].id);
      expect(due.ids).toEqual(ids(['neverChecked', 'due', 'dueNow', 'clockRanAhead', 'onlineClockRanAhead']));
      // An ONLINE sender is due in AC1.
      expect(due.busyAccounts).toEqual(['AC1']);
    });

    it('due senders come grouped by account, insertion order within each; accounts with many due are busy', async () => {
      const now = T0 + 60 * MINUTE;
      const b1 = watched('verifying', now - MINUTE, { accountSid: 'ACb' });
      const a1 = watched('verifying', now - MINUTE, { accountSid: 'ACa' });
      const b2 = watched('verifying', now - MINUTE, { accountSid: 'ACb' });
      const a2 = watched('verifying', now - MINUTE, { accountSid: 'ACa' });
      for (const record of [b1, a1, b2, a2]) await store.senders.insert(record);
      const plan = await store.senders.duePlan(now, BOUNDS, 2);
      expect(plan.ids).toEqual([a1.id, a2.id, b1.id, b2.id]);
      expect(plan.busyAccounts.sort()).toEqual(['ACa', 'ACb']);
      expect((await store.senders.duePlan(now, BOUNDS, 3)).busyAccounts).toEqual([]);
    });

    it('queued: records waiting for their create, by queue time then insertion order; ahead counts per account', async () => {
      const late = sender({ queuedAt: iso(T0 + 2_000) });
      const early = sender({ queuedAt: iso(T0) });
      const tieA = sender({ queuedAt: iso(T0 + 1_000) });
      const tieB = sender({ queuedAt: iso(T0 + 1_000) });
      const otherAccount = sender({ accountSid: 'AC2', queuedAt: iso(T0 - 1_000) });
      const creating = sender({ state: 'creating', queuedAt: iso(T0 - 5_000) });
      for (const record of [late, early, tieA, tieB, otherAccount, creating]) await store.senders.insert(record);
      expect((await store.senders.queued()).map((r) => r.id)).toEqual([otherAccount, early, tieA, tieB, late].map((r) => r.id));
      expect(await store.senders.aheadInQueue('AC1', iso(T0 + 2_000))).toBe(3);
      expect(await store.senders.aheadInQueue('AC2', iso(T0 + 2_000))).toBe(1);
      expect((await store.senders.creating()).map((r) => r.id)).toEqual([creating.id]);
      const queues = await store.senders.createQueues();
      expect(queues.find((q) => q.accountSid === 'AC1')).toEqual({ accountSid: 'AC1', depth: 4, oldestQueuedAt: T0 });
    });

    it('takeTurn: one create per interval per account, the first caller wins, and a time recorded in the future counts from now', async () => {
      const turns = await Promise.all([1, 2, 3, 4, 5].map(() => store.accounts.takeTurn('AC1', T0, 3 * MINUTE)));
      expect(turns.filter(Boolean)).toHaveLength(1);
      expect(await store.accounts.pace('AC1')).toBe(T0);
      expect(await store.accounts.takeTurn('AC1', T0 + 3 * MINUTE - 1, 3 * MINUTE)).toBe(false);
      expect(await store.accounts.takeTurn('AC2', T0 + 1, 3 * MINUTE)).toBe(true);
      expect(await store.accounts.takeTurn('AC1', T0 + 3 * MINUTE, 3 * MINUTE)).toBe(true);
      // Recorded while the host clock ran a day ahead, then set back.
      await store.accounts.setPace('AC3', T0 + 24 * 60 * MINUTE);
      expect(await store.accounts.takeTurn('AC3', T0, 3 * MINUTE)).toBe(false);
      expect(await store.accounts.pace('AC3', T0)).toBe(T0);
      expect(await store.accounts.takeTurn('AC3', T0 + 3 * MINUTE, 3 * MINUTE)).toBe(true);
      await store.accounts.setPace('AC3', undefined);
      expect(await store.accounts.pace('AC3')).toBeUndefined();
    });

    it('linkWaba keeps the first WABA seen for an account', async () => {
      expect(await store.accounts.linkWaba('AC1', '111111111')).toBe('111111111');
      expect(await store.accounts.linkWaba('AC1', '222222222')).toBe('111111111');
      expect(await store.accounts.wabas()).toEqual({ AC1: '111111111' });
    });

    it('holdersOf names only the accounts linked to the WABAs asked about', async () => {
      await store.accounts.linkWaba('AC1', '111111111');
      await store.accounts.linkWaba('AC2', '222222222');
      await store.accounts.linkWaba('AC3', '111111111');
      expect(await store.accounts.holdersOf(['111111111', '999999999'])).toEqual({ AC1: '111111111', AC3: '111111111' });
      expect(await store.accounts.holdersOf([])).toEqual({});
    });
  });

  describe('the outbox', () => {
    it('keeps enqueue order, so each channel gets its messages in order, and sets aside what Slack refused for good', async () => {
      const a1 = await store.outbox.enqueue({ kind: 'post', channel: 'CA', text: 'a1' }, T0);
      const b1 = await store.outbox.enqueue({ kind: 'post', channel: 'CB', text: 'b1' }, T0);
      const a2 = await store.outbox.enqueue({ kind: 'post', channel: 'CA', text: 'a2' }, T0);
      const a3 = await store.outbox.enqueue({ kind: 'post', channel: 'CA', text: 'a3' }, T0 + 1);
      expect(a1).toMatchObject({ attempts: 0, createdAt: iso(T0) });
      expect((await store.outbox.waiting()).map((o) => o.text)).toEqual(['a1', 'b1', 'a2', 'a3']);
      await store.outbox.remove(a1.id);
      await store.outbox.markSending(a2.id, iso(T0 + 5));
      await store.outbox.save({ ...b1, attempts: 2, notBefore: iso(T0 + 10), lastError: 'ratelimited' });
      const waiting = await store.outbox.waiting();
      expect(waiting.map((o) => o.text)).toEqual(['b1', 'a2', 'a3']);
      expect(waiting[0]).toMatchObject({ attempts: 2, lastError: 'ratelimited' });
      expect(waiting[1]!.sendingAt).toBe(iso(T0 + 5));
      await store.outbox.setAside({ ...a3, attempts: 5 });
      expect((await store.outbox.undelivered()).map((o) => [o.text, o.attempts])).toEqual([['a3', 5]]);
      expect(await store.outbox.backlog()).toEqual({ waiting: 2, oldestAt: T0, undelivered: 1 });
    });

    it('coalesces messages rendered when delivered: one waits per sender, taking the newest note; once being sent, a new one queues', async () => {
      const first = await store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1' }, T0);
      const joined = await store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1', note: 'newest note' }, T0 + 1);
      expect(joined.id).toBe(first.id);
      await store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's2' }, T0 + 2);
      await store.outbox.enqueue({ kind: 'post', senderId: 's1', threadOf: 'registration', text: 'a post' }, T0 + 3);
      await store.outbox.enqueue({ kind: 'post', senderId: 's1', threadOf: 'registration', text: 'a post' }, T0 + 4);
      expect((await store.outbox.find({ kind: 'refresh_sender_message', senderId: 's1' })).map((o) => o.note)).toEqual(['newest note']);
      expect(await store.outbox.find({ kind: 'post', senderId: 's1' })).toHaveLength(2);
      await store.outbox.markSending(first.id, iso(T0 + 5));
      const next = await store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1' }, T0 + 6);
      expect(next.id).not.toBe(first.id);
      expect((await store.outbox.find({ senderId: 's1', kind: 'refresh_sender_message' })).map((o) => o.id)).toEqual([first.id, next.id]);
    });
  });

  describe('lists', () => {
    it('filters senders by account, watch, state, play and run, and pages them in insertion order', async () => {
      const rows = [
        sender({ accountSid: 'AC1', bulk: { runId: 'b1', line: 2 } }),
        sender({ accountSid: 'AC2', state: 'online', sid: 'XE1' }),
        sender({ accountSid: 'AC1', state: 'failed' }),
        sender({ accountSid: 'AC2', state: 'online', sid: 'XE2', watch: { nextCheckAt: iso(T0), unchangedChecks: 0, unwatchedAt: iso(T0) } }),
      ];
      for (const row of rows) await store.senders.insert(row);
      const ids = async (filter: Parameters<Store['senders']['list']>[0], page?: Parameters<Store['senders']['list']>[1]) =>
        (await store.senders.list(filter, page)).map((r) => rows.findIndex((row) => row.id === r.id));
      expect(await ids({})).toEqual([0, 1, 2, 3]);
      expect(await ids({ accountSids: ['AC2'] })).toEqual([1, 3]);
      expect(await ids({ watched: true })).toEqual([0, 1, 2]);
      expect(await ids({ states: ['online'], watched: false })).toEqual([3]);
      expect(await ids({ inPlay: false })).toEqual([2]);
      expect(await ids({ runId: 'b1' })).toEqual([0]);
      expect(await ids({}, { offset: 1, limit: 2 })).toEqual([1, 2]);
      expect(await store.senders.count({ inPlay: true })).toBe(3);
      const tally = await store.senders.tally();
      expect(tally.byState.get('online')).toBe(2);
      expect(tally.byStatus.get('none\u0000unknown')?.count).toBe(4);
      const renamed = sender({ profile: { name: ' Corner Shop ' }, nameChange: { name: 'Acme Market', status: 'PENDING_REVIEW' } });
      await store.senders.insert(renamed);
      expect((await store.senders.withNames(['corner shop'])).map((r) => r.id)).toEqual([renamed.id]);
      expect((await store.senders.withNames(['acme market'])).map((r) => r.id)).toEqual([renamed.id]);
      expect(await store.senders.withNames(['acme store'])).toHaveLength(4);
    });

    it('answers the Home tab: counts by shown status, online quality worst first, the senders needing a person, the next check', async () => {
      const hour = 60 * MINUTE;
      const rows = [
        sender({ state: 'failed', lastError: { message: 'refused' } }),
        watched('online', T0 + hour, { status: 'ONLINE', qualityRating: 'HIGH' }),
        watched('online', T0 + 2 * hour, { status: 'ONLINE', qualityRating: 'LOW' }),
        watched('verifying', T0 + 3 * hour, { status: 'OFFLINE', statusHistory: [{ status: 'OFFLINE', at: iso(T0 - 2 * hour) }] }),
        watched('verifying', T0 + 30 * MINUTE, { status: 'OFFLINE', statusHistory: [{ status: 'OFFLINE', at: iso(T0 - MINUTE) }] }),
        watched('awaiting_code', undefined, { status: 'PENDING_VERIFICATION' }),
        watched('awaiting_code', T0, { status: 'PENDING_VERIFICATION', watch: { nextCheckAt: iso(T0), unchangedChecks: 0, unwatchedAt: iso(T0) } }),
        sender({ state: 'abandoned' }),
      ];
      for (const row of rows) await store.senders.insert(row);
      const home = await store.senders.home(T0, hour, 2);
      expect(home.byShownStatus).toEqual({ FAILED: 1, ONLINE: 2, OFFLINE: 2, PENDING_VERIFICATION: 1, ABANDONED: 1 });
      expect(home.online).toMatchObject({ count: 2, low: 1, medium: 0 });
      expect(home.online.worst.map((r) => r.id)).toEqual([rows[2]!.id, rows[1]!.id]);
      expect(home.attention.count).toBe(3);
      expect(home.attention.first.map((r) => r.id)).toEqual([rows[0]!.id, rows[3]!.id]);
      // The awaiting_code sender without a watch counts as due now.
      expect(home.nextCheckAt).toBe(T0);
      expect((await store.senders.home(T0, hour, 5)).attention.first.map((r) => r.id)).toEqual([rows[0]!.id, rows[3]!.id, rows[5]!.id]);
    });

    it('tells the senders needing a person the way attentionOf does: open alerts, long OFFLINE, dismissed ones left out', async () => {
      const hour = 60 * MINUTE;
      const alert = (fields: Record<string, unknown>) => ({ nextCheckAt: iso(T0), unchangedChecks: 0, stuckAlert: { postedAt: iso(T0 - hour), ...fields } });
      const recent = [{ status: 'OFFLINE', at: iso(T0 - MINUTE) }];
      const cases = {
        stuckVerifying: watched('verifying', T0, { status: 'VERIFYING', watch: alert({ status: 'VERIFYING' }) }),
        droppedRecently: watched('verifying', T0, { status: 'OFFLINE', statusHistory: recent, watch: alert({ kind: 'drop' }) }),
        stuckOfflineRecently: watched('verifying', T0, { status: 'OFFLINE', statusHistory: recent, watch: alert({ status: 'OFFLINE' }) }),
        recovered: watched('online', T0, { status: 'ONLINE', watch: alert({ kind: 'drop', recoveredAt: iso(T0) }) }),
        dismissed: sender({ state: 'failed', dismissed: { by: 'U1', at: iso(T0) } }),
        offlineLong: watched('verifying', T0, { status: 'OFFLINE', statusHistory: [{ status: 'OFFLINE', at: iso(T0 - 2 * hour) }] }),
        onlineFine: watched('online', T0, { status: 'ONLINE' }),
      };
      for (const record of Object.values(cases)) await store.senders.insert(record);
      const home = await store.senders.home(T0, hour, 10);
      const ids = home.attention.first.map((r) => r.id);
      expect(ids).toEqual([cases.stuckVerifying.id, cases.droppedRecently.id, cases.offlineLong.id]);
      expect(home.attention.count).toBe(3);
      const expected = Object.values(cases)
        .filter((r) => attentionOf(r, T0, hour))
        .map((r) => r.id);
      expect(ids).toEqual(expected);
      // With no stuck time, every OFFLINE sender needs a person, even one whose status time lies ahead of the clock.
      const ahead = watched('verifying', T0, { status: 'OFFLINE', statusHistory: [{ status: 'OFFLINE', at: iso(T0 + hour) }] });
      await store.senders.insert(ahead);
      const all = [...Object.values(cases), ahead];
      expect((await store.senders.home(T0, 0, 10)).attention.first.map((r) => r.id)).toEqual(all.filter((r) => attentionOf(r, T0, 0)).map((r) => r.id));
    });

    it('groups senders by shown status for the list: every count, only the first few of each group', async () => {
      const rows = [
        watched('online', T0, { status: 'ONLINE' }),
        sender({ state: 'failed', status: 'DELETED' }),
        watched('online', T0, { status: 'ONLINE', accountSid: 'AC2' }),
        sender({ state: 'failed' }),
        watched('online', T0, { status: 'ONLINE' }),
        sender({ state: 'abandoned' }),
        sender({ state: 'queued' }),
        watched('online', T0, { status: 'ONLINE', watch: { nextCheckAt: iso(T0), unchangedChecks: 0, unwatchedAt: iso(T0) } }),
      ];
      for (const row of rows) await store.senders.insert(row);
      const byStatus = (groups: ShownStatusGroup[]) => Object.fromEntries(groups.map((g) => [g.status, { count: g.count, first: g.first.map((r) => r.id) }]));
      expect(byStatus(await store.senders.groupByShownStatus({}, 2))).toEqual({
        ONLINE: { count: 4, first: [rows[0]!.id, rows[2]!.id] },
        DELETED: { count: 1, first: [rows[1]!.id] },
        FAILED: { count: 1, first: [rows[3]!.id] },
        ABANDONED: { count: 1, first: [rows[5]!.id] },
        CREATING: { count: 1, first: [rows[6]!.id] },
      });
      expect(byStatus(await store.senders.groupByShownStatus({ watched: true, accountSids: ['AC1'] }, 0))).toMatchObject({ ONLINE: { count: 2, first: [] } });
      expect(await store.senders.groupByShownStatus({ accountSids: [] }, 5)).toEqual([]);
    });

    it('finds the records of given numbers, any account, in insertion order, with the other filters', async () => {
      const a = sender({ accountSid: 'AC1' });
      const b = sender({ accountSid: 'AC2' });
      const c = sender({ accountSid: 'AC2', phoneNumber: a.phoneNumber, state: 'failed' });
      const d = sender({ accountSid: 'AC1' });
      for (const row of [a, b, c, d]) await store.senders.insert(row);
      const ids = async (filter: Parameters<Store['senders']['list']>[0]) => (await store.senders.list(filter)).map((r) => r.id);
      expect(await ids({ phoneNumbers: [d.phoneNumber, a.phoneNumber] })).toEqual([a.id, c.id, d.id]);
      expect(await ids({ phoneNumbers: [a.phoneNumber], inPlay: true })).toEqual([a.id]);
      expect(await ids({ phoneNumbers: [a.phoneNumber, b.phoneNumber], accountSids: ['AC2'] })).toEqual([b.id, c.id]);
      expect(await ids({ phoneNumbers: ['+19995550000'] })).toEqual([]);
      expect(await ids({ phoneNumbers: [] })).toEqual([]);
      expect(await store.senders.count({ phoneNumbers: [a.phoneNumber] })).toBe(2);
    });
  });

  describe('once across processes: claims, onboardings and pending entries', () => {
    const onboarding = (id: string, fields: Partial<Onboarding> = {}): Onboarding => ({
      id,
      customerId: 'c1',
      channel: 'C1',
      requestedBy: 'U1',
      createdAt: iso(T0),
      expiresAt: iso(T0 + 60 * MINUTE),
      ...fields,
    });
    const subaccount = (name: string, requestedBy = 'U1'): PendingSubaccount => ({ name, requestedBy, since: iso(T0) });
    const purchase = (phoneNumber: string, accountSid: string, requestedBy = 'U1'): PendingPurchase => ({
      phoneNumber,
      accountSid,
      requestedBy,
      since: iso(T0),
    });

    it('a claim is held by one holder until it is given up or its time runs out', async () => {
      expect(await store.claims.take('purchase:+1', 'h1', T0, MINUTE)).toBe(true);
      expect(await store.claims.take('purchase:+1', 'h2', T0 + 1_000, MINUTE)).toBe(false);
      // Another key is another claim.
      expect(await store.claims.take('purchase:+2', 'h2', T0, MINUTE)).toBe(true);
      // The holder renews it: its time now counts from the renewal.
      expect(await store.claims.take('purchase:+1', 'h1', T0 + 30_000, MINUTE)).toBe(true);
      expect(await store.claims.take('purchase:+1', 'h2', T0 + MINUTE, MINUTE)).toBe(false);
      // Only its holder gives it up.
      await store.claims.release('purchase:+1', 'h2');
      expect(await store.claims.take('purchase:+1', 'h3', T0 + MINUTE, MINUTE)).toBe(false);
      await store.claims.release('purchase:+1', 'h1');
      expect(await store.claims.take('purchase:+1', 'h3', T0 + MINUTE, MINUTE)).toBe(true);
      // A holder that died: its claim is taken over once its time has run out, not before.
      expect(await store.claims.take('purchase:+2', 'h4', T0 + MINUTE - 1, MINUTE)).toBe(false);
      expect(await store.claims.take('purchase:+2', 'h4', T0 + MINUTE, MINUTE)).toBe(true);
      await store.claims.release('purchase:+2', 'h2');
      expect(await store.claims.take('purchase:+2', 'h5', T0 + MINUTE, MINUTE)).toBe(false);
      await store.claims.release('nothing held', 'h1');
    });

    it('one of many takers at the same moment gets a claim', async () => {
      const takes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claims.take('customer:acme', `h${i}`, T0, MINUTE)));
      expect(takes.filter(Boolean)).toHaveLength(1);
    });

    it('a claim taken in work that throws is not held', async () => {
      await expect(
        store.atomically(async (tx) => {
          expect(await tx.claims.take('k', 'h1', T0, MINUTE)).toBe(true);
          throw new Error('changed its mind');
        }),
      ).rejects.toThrow('changed its mind');
      expect(await store.claims.take('k', 'h2', T0, MINUTE)).toBe(true);
    });

    it('onboardings: a duplicate id is refused and changes nothing; list, save and remove keep insertion order', async () => {
      await store.onboardings.insert(onboarding('o1'));
      await store.onboardings.insert(onboarding('o2', { customerId: 'c2' }));
      await expect(store.onboardings.insert(onboarding('o1', { customerId: 'c9', channel: 'C9' }))).rejects.toBeInstanceOf(DuplicateIdError);
      expect(await store.onboardings.get('o1')).toEqual(onboarding('o1'));
      await store.onboardings.insert(onboarding('o3'));
      await store.onboardings.save({ ...onboarding('o1'), openedAt: iso(T0 + MINUTE) });
      // Saving one that is gone stores nothing.
      await store.onboardings.save(onboarding('gone'));
      expect((await store.onboardings.list()).map((o) => [o.id, o.openedAt])).toEqual([
        ['o1', iso(T0 + MINUTE)],
        ['o2', undefined],
        ['o3', undefined],
      ]);
      await store.onboardings.remove('o2');
      await store.onboardings.remove('gone');
      expect((await store.onboardings.list()).map((o) => o.id)).toEqual(['o1', 'o3']);
      expect(await store.onboardings.get('o2')).toBeUndefined();
      // A refused insert inside a transaction leaves it usable.
      await store.atomically(async (tx) => {
        await expect(tx.onboardings.insert(onboarding('o3'))).rejects.toBeInstanceOf(DuplicateIdError);
        await tx.onboardings.insert(onboarding('o4'));
      });
      expect((await store.onboardings.list()).map((o) => o.id)).toEqual(['o1', 'o3', 'o4']);
    });

    it('onboardings: a notice is counted at most once a gap and `max` times in all, and a save from an older copy does not count it back', async () => {
      await store.onboardings.insert(onboarding('o1'));
      const before = (await store.onboardings.get('o1'))!;
      expect(await store.onboardings.countNotice('o1', T0, MINUTE, 2)).toBe(true);
      expect(await store.onboardings.countNotice('o1', T0 + MINUTE - 1, MINUTE, 2)).toBe(false);
      expect(await store.onboardings.get('o1')).toMatchObject({ notices: 1, lastNoticeAt: iso(T0) });
      await store.onboardings.save({ ...before, openedAt: iso(T0) });
      expect(await store.onboardings.get('o1')).toMatchObject({ notices: 1, lastNoticeAt: iso(T0), openedAt: iso(T0) });
      expect(await store.onboardings.countNotice('o1', T0 + MINUTE, MINUTE, 2)).toBe(true);
      expect(await store.onboardings.countNotice('o1', T0 + 10 * MINUTE, MINUTE, 2)).toBe(false);
      expect(await store.onboardings.get('o1')).toMatchObject({ notices: 2, lastNoticeAt: iso(T0 + MINUTE) });
      expect(await store.onboardings.countNotice('gone', T0, MINUTE, 2)).toBe(false);
    });

    it('onboardings: of many notices at the same moment, one is counted', async () => {
      await store.onboardings.insert(onboarding('o1'));
      const counted = await Promise.all(Array.from({ length: 30 }, () => store.onboardings.countNotice('o1', T0, MINUTE, 6)));
      expect(counted.filter(Boolean)).toHaveLength(1);
      expect(await store.onboardings.get('o1')).toMatchObject({ notices: 1 });
    });

    it('pending subaccounts: one per name (case and spaces aside); a second is refused and changes nothing', async () => {
      await store.pendingSubaccounts.add(subaccount('Acme'));
      await store.pendingSubaccounts.add(subaccount('Beta'));
      await expect(store.pendingSubaccounts.add(subaccount(' acme ', 'U2'))).rejects.toBeInstanceOf(DuplicateIdError);
      expect(await store.pendingSubaccounts.find('ACME')).toEqual(subaccount('Acme'));
      expect(await store.pendingSubaccounts.find('Gamma')).toBeUndefined();
      await store.pendingSubaccounts.add(subaccount('Gamma'));
      expect((await store.pendingSubaccounts.list()).map((p) => p.name)).toEqual(['Acme', 'Beta', 'Gamma']);
      await store.pendingSubaccounts.remove(' ACME');
      await store.pendingSubaccounts.remove('nobody');
      expect((await store.pendingSubaccounts.list()).map((p) => p.name)).toEqual(['Beta', 'Gamma']);
      // Added again once removed: it is then the newest.
      await store.pendingSubaccounts.add(subaccount('acme', 'U2'));
      expect((await store.pendingSubaccounts.list()).map((p) => [p.name, p.requestedBy])).toEqual([
        ['Beta', 'U1'],
        ['Gamma', 'U1'],
        ['acme', 'U2'],
      ]);
      await store.atomically(async (tx) => {
        await expect(tx.pendingSubaccounts.add(subaccount('Beta'))).rejects.toBeInstanceOf(DuplicateIdError);
        await tx.audit.add({ at: iso(T0), user: 'U1', action: 'customer_create', target: 'Beta' });
      });
      expect(await store.audit.recent(1)).toHaveLength(1);
    });

    it('pending purchases: one per number and account; a second is refused and changes nothing; removal by account or all of a number', async () => {
      await store.pendingPurchases.add(purchase('+14155550001', 'AC1'));
      await store.pendingPurchases.add(purchase('+14155550002', 'AC1'));
      await store.pendingPurchases.add(purchase('+14155550001', 'AC2', 'U2'));
      await expect(store.pendingPurchases.add(purchase('+14155550001', 'AC1', 'U3'))).rejects.toBeInstanceOf(DuplicateIdError);
      expect(await store.pendingPurchases.find('+14155550001', 'AC1')).toEqual(purchase('+14155550001', 'AC1'));
      expect(await store.pendingPurchases.find('+14155550001', 'AC2')).toEqual(purchase('+14155550001', 'AC2', 'U2'));
      expect(await store.pendingPurchases.find('+14155550001')).toEqual(purchase('+14155550001', 'AC1'));
      expect(await store.pendingPurchases.find('+14155550001', 'AC3')).toBeUndefined();
      const listed = async () => (await store.pendingPurchases.list()).map((p) => `${p.phoneNumber} ${p.accountSid}`);
      expect(await listed()).toEqual(['+14155550001 AC1', '+14155550002 AC1', '+14155550001 AC2']);
      await store.pendingPurchases.remove('+14155550001', 'AC1');
      expect(await listed()).toEqual(['+14155550002 AC1', '+14155550001 AC2']);
      await store.pendingPurchases.add(purchase('+14155550001', 'AC1'));
      expect(await listed()).toEqual(['+14155550002 AC1', '+14155550001 AC2', '+14155550001 AC1']);
      expect(await store.pendingPurchases.find('+14155550001')).toMatchObject({ accountSid: 'AC2' });
      await store.pendingPurchases.remove('+14155550001');
      await store.pendingPurchases.remove('+19995550000');
      expect(await listed()).toEqual(['+14155550002 AC1']);
      await store.atomically(async (tx) => {
        await expect(tx.pendingPurchases.add(purchase('+14155550002', 'AC1'))).rejects.toBeInstanceOf(DuplicateIdError);
        await tx.pendingPurchases.add(purchase('+14155550003', 'AC1'));
      });
      expect(await listed()).toEqual(['+14155550002 AC1', '+14155550003 AC1']);
    });
  });
});
