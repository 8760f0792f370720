import { describe, expect, it } from 'vitest';
import { DuplicateCustomerError, DuplicateIdError, StaleRecordError } from '../../../src/store/repositories.js';
import { bulkRun, type ContractContext, customer, expectStorageError } from './fixtures.js';

export function customersContract(ctx: ContractContext): void {
  describe('customers', () => {
    it('refuses an insert reusing a stored id, even from a copy that carries a version, and keeps one record', async () => {
      const acme = customer('c1', 'Acme', 'AC1');
      await ctx.store.customers.insert(acme);
      const copy = { ...(await ctx.store.customers.get('c1'))!, name: 'Beta', accountSid: 'AC2' };
      const refusal = await ctx.store.customers.insert(copy).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DuplicateCustomerError);
      expect(refusal).toMatchObject({ field: 'id' });
      await expect(ctx.store.customers.insert(customer('c1', 'Gamma', 'AC3'))).rejects.toMatchObject({ field: 'id' });
      expect((await ctx.store.customers.list()).map((c) => [c.id, c.name])).toEqual([['c1', 'Acme']]);
      expect(await ctx.store.customers.byAccount('AC2')).toBeUndefined();
    });

    it('a save taking another customer’s name (any case) or account is refused and changes nothing', async () => {
      await ctx.store.customers.insert(customer('c1', 'Acme', 'AC1'));
      const beta = customer('c2', 'Beta', 'AC2');
      await ctx.store.customers.insert(beta);
      beta.name = 'ACME';
      await expect(ctx.store.customers.save(beta)).rejects.toMatchObject({ field: 'name' });
      beta.name = 'Beta';
      beta.accountSid = 'AC1';
      await expect(ctx.store.customers.save(beta)).rejects.toMatchObject({ field: 'accountSid' });
      expect(beta.version).toBe(1);
      expect(await ctx.store.customers.get('c2')).toMatchObject({ name: 'Beta', accountSid: 'AC2', version: 1 });
      // Its own name in another case is no clash.
      beta.accountSid = 'AC2';
      beta.name = 'BETA';
      await ctx.store.customers.save(beta);
      expect(await ctx.store.customers.get('c2')).toMatchObject({ name: 'BETA', version: 2 });
    });

    it('a save of a customer never stored, or deleted, is stale', async () => {
      await expect(ctx.store.customers.save({ ...customer('c9', 'Nobody', 'AC9'), version: 1 })).rejects.toBeInstanceOf(StaleRecordError);
      expect(await ctx.store.customers.list()).toEqual([]);
    });

    it('lists in insertion order, a save keeping the place; finds by id, account or name whatever the case and spaces', async () => {
      const a = customer('c1', 'Zeta', 'ACz');
      const b = customer('c2', 'Alpha', 'ACa');
      await ctx.store.customers.insert(a);
      await ctx.store.customers.insert(b);
      a.wabaId = '111';
      await ctx.store.customers.save(a);
      expect((await ctx.store.customers.list()).map((c) => c.id)).toEqual(['c1', 'c2']);
      expect((await ctx.store.customers.find('c2'))!.name).toBe('Alpha');
      expect((await ctx.store.customers.find('  ALPHA '))!.id).toBe('c2');
      expect((await ctx.store.customers.find('acz'))!.id).toBe('c1');
      expect(await ctx.store.customers.find('nobody')).toBeUndefined();
      expect(await ctx.store.customers.byAccount('acz')).toBeUndefined();
    });

    it('finds a customer by its name as written, whatever letters it uses (a capital İ lowercases differently in JavaScript and SQL)', async () => {
      await ctx.store.customers.insert(customer('c1', 'İnci Market', 'AC1'));
      expect((await ctx.store.customers.find(' İnci Market '))?.id).toBe('c1');
      expect((await ctx.store.customers.find('İnci MARKET'))?.id).toBe('c1');
    });

    it('inside atomically, a storage failure keeps no insert or save, and gives the versions back', async () => {
      const acme = customer('c1', 'Acme', 'AC1');
      await ctx.store.customers.insert(acme);
      const beta = customer('c2', 'Beta', 'AC2');
      await expectStorageError(ctx, () =>
        ctx.store.atomically(async (tx) => {
          await tx.customers.insert(beta);
          acme.wabaId = '111';
          await tx.customers.save(acme);
        }),
      );
      expect([acme.version, beta.version]).toEqual([1, undefined]);
      expect(await ctx.store.customers.list()).toEqual([{ ...customer('c1', 'Acme', 'AC1'), version: 1 }]);
    });
  });
}

export function bulkRunsContract(ctx: ContractContext): void {
  describe('bulk runs', () => {
    it('refuses a second run with a stored id and keeps the first', async () => {
      await ctx.store.bulkRuns.insert(bulkRun('b1'));
      await expect(ctx.store.bulkRuns.insert(bulkRun('b1', { channel: 'C2', state: 'running' }))).rejects.toBeInstanceOf(DuplicateIdError);
      expect(await ctx.store.bulkRuns.list()).toEqual([{ ...bulkRun('b1'), version: 1 }]);
    });

    it('lists in insertion order (a save keeps the place), leaving out previews or other channels when asked', async () => {
      const first = bulkRun('b1', { state: 'running' });
      for (const run of [first, bulkRun('b2'), bulkRun('b3', { channel: 'C2', state: 'paused' }), bulkRun('b4', { state: 'done' })]) {
        await ctx.store.bulkRuns.insert(run);
      }
      first.state = 'paused';
      await ctx.store.bulkRuns.save(first);
      const ids = (runs: { id: string }[]) => runs.map((r) => r.id);
      expect(ids(await ctx.store.bulkRuns.list())).toEqual(['b1', 'b2', 'b3', 'b4']);
      expect(ids(await ctx.store.bulkRuns.list({ excludePreviews: true }))).toEqual(['b1', 'b3', 'b4']);
      expect(ids(await ctx.store.bulkRuns.list({ channel: 'C1', excludePreviews: true }))).toEqual(['b1', 'b4']);
      expect(ids(await ctx.store.bulkRuns.inStates(['paused', 'done']))).toEqual(['b1', 'b3', 'b4']);
      expect(await ctx.store.bulkRuns.inStates([])).toEqual([]);
    });

    it('a save of a run never stored is stale', async () => {
      await expect(ctx.store.bulkRuns.save({ ...bulkRun('b9'), version: 1 })).rejects.toBeInstanceOf(StaleRecordError);
    });

    it('keeps an update run’s rows; of two saves marking a row sent from the same read, the second is stale (the once-guard of bulk updates)', async () => {
      const row = {
        line: 2,
        senderId: 'r1',
        sid: 'XE1',
        accountSid: 'AC1',
        phoneNumber: '+14155550100',
        customer: 'Acme',
        wanted: { callback_url: 'https://new.example', about: null, emails: ['Support: a@acme.example'] },
        changedFields: ['callback_url'],
        state: 'queued' as const,
      };
      await ctx.store.bulkRuns.insert(bulkRun('u1', { kind: 'update', state: 'running', updates: [row] }));
      const mine = (await ctx.store.bulkRuns.get('u1'))!;
      const theirs = (await ctx.store.bulkRuns.get('u1'))!;
      expect(mine.updates).toEqual([row]);
      mine.updates![0]!.state = 'sending';
      mine.updates![0]!.body = { webhook: { callback_url: 'https://new.example' }, profile: { about: null } };
      await ctx.store.bulkRuns.save(mine);
      theirs.updates![0]!.state = 'sending';
      await expect(ctx.store.bulkRuns.save(theirs)).rejects.toBeInstanceOf(StaleRecordError);
      const stored = (await ctx.store.bulkRuns.get('u1'))!;
      expect(stored.updates![0]).toMatchObject({ state: 'sending', body: { webhook: { callback_url: 'https://new.example' }, profile: { about: null } } });
      expect(stored.kind).toBe('update');
      expect((await ctx.store.bulkRuns.inStates(['running'])).map((r) => r.id)).toEqual(['u1']);
    });

    it('discards only the previews of the person asked about', async () => {
      for (const run of [bulkRun('b1'), bulkRun('b2', { createdBy: 'U2' }), bulkRun('b3', { state: 'running' }), bulkRun('b4')]) {
        await ctx.store.bulkRuns.insert(run);
      }
      await ctx.store.bulkRuns.discardPreviewsOf('U1');
      await ctx.store.bulkRuns.discardPreviewsOf('U3');
      expect((await ctx.store.bulkRuns.list()).map((r) => r.id)).toEqual(['b2', 'b3']);
    });

    it('inside atomically, a storage failure keeps no insert, save or discarded preview', async () => {
      const running = bulkRun('b1', { state: 'running' });
      await ctx.store.bulkRuns.insert(running);
      await ctx.store.bulkRuns.insert(bulkRun('b2'));
      await expectStorageError(ctx, () =>
        ctx.store.atomically(async (tx) => {
          await tx.bulkRuns.insert(bulkRun('b3'));
          running.state = 'done';
          await tx.bulkRuns.save(running);
          await tx.bulkRuns.discardPreviewsOf('U1');
        }),
      );
      expect(running.version).toBe(1);
      expect((await ctx.store.bulkRuns.list()).map((r) => [r.id, r.state, r.version])).toEqual([
        ['b1', 'running', 1],
        ['b2', 'previewing', 1],
      ]);
    });
  });
}

export function customersAndRunsSingleWriteFailures(ctx: ContractContext): void {
  it('customers: a refused insert or save leaves them as they were', async () => {
    const acme = customer('c1', 'Acme', 'AC1');
    await ctx.store.customers.insert(acme);
    const beta = customer('c2', 'Beta', 'AC2');
    await expectStorageError(ctx, () => ctx.store.customers.insert(beta));
    acme.wabaId = '111';
    await expectStorageError(ctx, () => ctx.store.customers.save(acme));
    expect([acme.version, beta.version]).toEqual([1, undefined]);
    await ctx.store.flush();
    expect(await ctx.store.customers.list()).toEqual([{ ...customer('c1', 'Acme', 'AC1'), version: 1 }]);
  });

  it('bulk runs: a refused insert, save or discard leaves them as they were', async () => {
    const running = bulkRun('b1', { state: 'running' });
    await ctx.store.bulkRuns.insert(running);
    await ctx.store.bulkRuns.insert(bulkRun('b2'));
    await expectStorageError(ctx, () => ctx.store.bulkRuns.insert(bulkRun('b3')));
    running.state = 'done';
    await expectStorageError(ctx, () => ctx.store.bulkRuns.save(running));
    await expectStorageError(ctx, () => ctx.store.bulkRuns.discardPreviewsOf('U1'));
    expect(running.version).toBe(1);
    await ctx.store.flush();
    expect((await ctx.store.bulkRuns.list()).map((r) => [r.id, r.state, r.version])).toEqual([
      ['b1', 'running', 1],
      ['b2', 'previewing', 1],
    ]);
  });
}
