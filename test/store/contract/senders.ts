import { describe, expect, it } from 'vitest';
import { DuplicateIdError } from '../../../src/store/repositories.js';
import { BOUNDS, type ContractContext, expectStorageError, iso, MINUTE, sender, T0, watched } from './fixtures.js';

/** A time as Date.prototype.toString writes it: readable by Date.parse, not by PostgreSQL as it is. */
const LOCAL_TEXT = 'Wed Nov 25 2026 13:00:00 GMT+0100 (Central European Standard Time)';

export function sendersContract(ctx: ContractContext): void {
  describe('senders', () => {
    it('refuses a second record with an id already stored, leaving the stored one as it was', async () => {
      const first = sender({ id: 'same' });
      await ctx.store.senders.insert(first);
      const again = sender({ id: 'same', accountSid: 'AC2', state: 'online' });
      await expect(ctx.store.senders.insert(again)).rejects.toBeInstanceOf(DuplicateIdError);
      expect(again.version).toBeUndefined();
      expect(await ctx.store.senders.get('same')).toMatchObject({ accountSid: 'AC1', state: 'queued', version: 1 });
      expect(await ctx.store.senders.count()).toBe(1);
    });

    it('getMany answers in the order asked, leaving out ids not stored', async () => {
      const [a, b, c] = [sender(), sender(), sender()];
      for (const record of [a, b, c]) await ctx.store.senders.insert(record);
      expect((await ctx.store.senders.getMany([c!.id, 'gone', a!.id])).map((r) => r.id)).toEqual([c!.id, a!.id]);
      expect(await ctx.store.senders.getMany([])).toEqual([]);
    });

    it('discard deletes a record (a no-op when it is gone), and its number may be registered again', async () => {
      const record = sender({ phoneNumber: '+14155550190' });
      await ctx.store.senders.insert(record);
      await ctx.store.senders.discard(record.id);
      await ctx.store.senders.discard(record.id);
      expect(await ctx.store.senders.get(record.id)).toBeUndefined();
      const again = sender({ phoneNumber: '+14155550190' });
      await ctx.store.senders.insert(again);
      expect((await ctx.store.senders.findActive('AC1', '+14155550190'))!.id).toBe(again.id);
    });

    it('saveAll skips a record brought back into play beside another, and a record gone, saving the rest', async () => {
      const finished = sender({ phoneNumber: '+14155550191', state: 'failed' });
      const inPlay = sender({ phoneNumber: '+14155550191' });
      const other = sender();
      for (const record of [finished, inPlay, other]) await ctx.store.senders.insert(record);
      finished.state = 'queued';
      other.state = 'creating';
      const gone = { ...sender(), version: 1 };
      expect(await ctx.store.senders.saveAll([finished, other, gone])).toEqual([finished.id, gone.id]);
      expect(finished.version).toBe(1);
      expect(await ctx.store.senders.get(finished.id)).toMatchObject({ state: 'failed', version: 1 });
      expect(await ctx.store.senders.get(other.id)).toMatchObject({ state: 'creating', version: 2 });
      expect(await ctx.store.senders.saveAll([])).toEqual([]);
    });

    it('lists and counts by shown status, a page at a time, with the other filters', async () => {
      const offline = [sender({ status: 'OFFLINE' }), sender({ status: 'OFFLINE', accountSid: 'AC2' }), sender({ status: 'OFFLINE' })];
      const failed = sender({ state: 'failed', status: 'OFFLINE' });
      const creating = sender();
      for (const record of [offline[0]!, creating, offline[1]!, failed, offline[2]!]) await ctx.store.senders.insert(record);
      const offlineOnly = { shownStatuses: ['OFFLINE'] };
      expect(await ctx.store.senders.count(offlineOnly)).toBe(3);
      expect((await ctx.store.senders.list(offlineOnly, { offset: 1, limit: 1 })).map((r) => r.id)).toEqual([offline[1]!.id]);
      expect((await ctx.store.senders.list({ ...offlineOnly, accountSids: ['AC1'] })).map((r) => r.id)).toEqual([offline[0]!.id, offline[2]!.id]);
      expect((await ctx.store.senders.list({ shownStatuses: ['FAILED', 'CREATING'] })).map((r) => r.id)).toEqual([creating.id, failed.id]);
      expect(await ctx.store.senders.count({ shownStatuses: [] })).toBe(0);
    });

    it('a save keeps the record in its place: lists stay in insertion order', async () => {
      const [a, b, c] = [sender(), sender(), sender()];
      for (const record of [a, b, c]) await ctx.store.senders.insert(record);
      a!.state = 'creating';
      await ctx.store.senders.save(a!);
      expect((await ctx.store.senders.list()).map((r) => r.id)).toEqual([a!.id, b!.id, c!.id]);
    });

    it('a sender whose check time cannot be read is due now, and the Home tab counts its next check as now', async () => {
      const unreadable = watched('verifying', undefined, { watch: { nextCheckAt: 'not a time', unchangedChecks: 0 } });
      const later = watched('verifying', T0 + 10 * MINUTE);
      await ctx.store.senders.insert(unreadable);
      await ctx.store.senders.insert(later);
      expect((await ctx.store.senders.duePlan(T0, BOUNDS, 10)).ids).toEqual([unreadable.id]);
      expect((await ctx.store.senders.home(T0, 30 * MINUTE, 5)).nextCheckAt).toBe(T0);
    });

    it('stores a time written in another readable form, and reads it as the instant it names', async () => {
      const local = sender({ queuedAt: LOCAL_TEXT });
      const before = sender({ queuedAt: iso(Date.parse(LOCAL_TEXT) - MINUTE) });
      const after = sender({ queuedAt: iso(Date.parse(LOCAL_TEXT) + MINUTE) });
      const checked = watched('verifying', undefined, { watch: { nextCheckAt: LOCAL_TEXT, unchangedChecks: 0 } });
      for (const record of [after, local, before, checked]) await ctx.store.senders.insert(record);
      expect((await ctx.store.senders.queued()).map((r) => r.id)).toEqual([before.id, local.id, after.id]);
      expect(await ctx.store.senders.aheadInQueue('AC1', LOCAL_TEXT)).toBe(1);
      expect(await ctx.store.senders.aheadInQueue('AC1', after.queuedAt!)).toBe(2);
      expect((await ctx.store.senders.duePlan(Date.parse(LOCAL_TEXT), BOUNDS, 10)).ids).toEqual([checked.id]);
      expect((await ctx.store.senders.duePlan(Date.parse(LOCAL_TEXT) - 1, BOUNDS, 10)).ids).toEqual([]);
    });

    it('Home lists online senders worst quality first, a quality word it does not know counting as not reported', async () => {
      const high = watched('online', T0, { status: 'ONLINE', qualityRating: 'HIGH' });
      const odd = watched('online', T0, { status: 'ONLINE', qualityRating: 'constructor' });
      const low = watched('online', T0, { status: 'ONLINE', qualityRating: 'LOW' });
      const none = watched('online', T0, { status: 'ONLINE' });
      for (const record of [high, odd, low, none]) await ctx.store.senders.insert(record);
      expect((await ctx.store.senders.home(T0, 30 * MINUTE, 4)).online.worst.map((r) => r.id)).toEqual([low.id, odd.id, none.id, high.id]);
    });

    it('inside atomically, a storage failure keeps nothing of inserts, saves, batch saves and discards', async () => {
      const [a, b, c] = [sender(), sender(), sender()];
      for (const record of [a, b, c]) await ctx.store.senders.insert(record);
      const added = sender();
      await expectStorageError(ctx, () =>
        ctx.store.atomically(async (tx) => {
          await tx.senders.insert(added);
          a!.state = 'creating';
          await tx.senders.save(a!);
          b!.state = 'online';
          expect(await tx.senders.saveAll([b!])).toEqual([]);
          await tx.senders.discard(c!.id);
        }),
      );
      expect([a!.version, b!.version, added.version]).toEqual([1, 1, undefined]);
      expect((await ctx.store.senders.list()).map((r) => [r.id, r.state, r.version])).toEqual([
        [a!.id, 'queued', 1],
        [b!.id, 'queued', 1],
        [c!.id, 'queued', 1],
      ]);
    });
  });
}

/** Single writes (outside atomically) the storage refuses: rejected, and nothing of them stays. */
export function sendersSingleWriteFailures(ctx: ContractContext): void {
  it('senders: a refused insert, save, batch save or discard leaves the records as they were', async () => {
    const [a, b, c] = [sender(), sender(), sender()];
    for (const record of [a, b, c]) await ctx.store.senders.insert(record);
    const added = sender();
    await expectStorageError(ctx, () => ctx.store.senders.insert(added));
    a!.state = 'creating';
    await expectStorageError(ctx, () => ctx.store.senders.save(a!));
    b!.state = 'online';
    await expectStorageError(ctx, () => ctx.store.senders.saveAll([b!]));
    await expectStorageError(ctx, () => ctx.store.senders.discard(c!.id));
    expect([a!.version, b!.version, added.version]).toEqual([1, 1, undefined]);
    expect((await ctx.store.senders.list()).map((r) => [r.id, r.state, r.version])).toEqual([
      [a!.id, 'queued', 1],
      [b!.id, 'queued', 1],
      [c!.id, 'queued', 1],
    ]);
    // Nothing of them is written later either.
    await ctx.store.flush();
    expect(await ctx.store.senders.count()).toBe(3);
  });
}
