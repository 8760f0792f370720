import { describe, expect, it } from 'vitest';
import { type ContractContext, expectStorageError, iso, T0 } from './fixtures.js';

export function outboxContract(ctx: ContractContext): void {
  describe('the outbox, further', () => {
    it('gives each item an id of its own, finds items by run and onboarding, and gets one by id', async () => {
      const progress = await ctx.store.outbox.enqueue({ kind: 'refresh_bulk_progress', runId: 'b1' }, T0);
      const otherRun = await ctx.store.outbox.enqueue({ kind: 'refresh_bulk_progress', runId: 'b2' }, T0);
      const thread = await ctx.store.outbox.enqueue({ kind: 'post', onboardingId: 'o1', channel: 'C1', text: 'link used' }, T0);
      expect(new Set([progress.id, otherRun.id, thread.id]).size).toBe(3);
      expect((await ctx.store.outbox.find({ runId: 'b1' })).map((o) => o.id)).toEqual([progress.id]);
      expect((await ctx.store.outbox.find({ onboardingId: 'o1' })).map((o) => o.id)).toEqual([thread.id]);
      expect((await ctx.store.outbox.find({})).map((o) => o.id)).toEqual([progress.id, otherRun.id, thread.id]);
      expect(await ctx.store.outbox.get(thread.id)).toMatchObject({ kind: 'post', onboardingId: 'o1', text: 'link used', attempts: 0 });
      expect(await ctx.store.outbox.get('gone')).toBeUndefined();
    });

    it('every kind rendered when delivered coalesces per sender and run; other kinds never do', async () => {
      const enqueue = (item: Parameters<typeof ctx.store.outbox.enqueue>[0]) => ctx.store.outbox.enqueue(item, T0);
      const progress = await enqueue({ kind: 'refresh_bulk_progress', runId: 'b1' });
      expect((await enqueue({ kind: 'refresh_bulk_progress', runId: 'b1' })).id).toBe(progress.id);
      expect((await enqueue({ kind: 'refresh_bulk_progress', runId: 'b2' })).id).not.toBe(progress.id);
      const posting = await enqueue({ kind: 'post_sender_message', senderId: 's1' });
      expect((await enqueue({ kind: 'post_sender_message', senderId: 's1' })).id).toBe(posting.id);
      expect((await enqueue({ kind: 'refresh_sender_message', senderId: 's1' })).id).not.toBe(posting.id);
      // No run and an empty run id are one and the same.
      const runless = await enqueue({ kind: 'refresh_bulk_progress', runId: '' });
      expect((await enqueue({ kind: 'refresh_bulk_progress' })).id).toBe(runless.id);
      await enqueue({ kind: 'update_alert', senderId: 's1' });
      await enqueue({ kind: 'update_alert', senderId: 's1' });
      expect(await ctx.store.outbox.find({ kind: 'update_alert' })).toHaveLength(2);
      expect((await ctx.store.outbox.waiting()).map((o) => o.kind)).toEqual([
        'refresh_bulk_progress',
        'refresh_bulk_progress',
        'post_sender_message',
        'refresh_sender_message',
        'refresh_bulk_progress',
        'update_alert',
        'update_alert',
      ]);
    });

    it('a note given when joining a waiting item replaces its note, an empty one too; none given keeps it', async () => {
      const first = await ctx.store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1', note: 'first' }, T0);
      await ctx.store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1' }, T0 + 1);
      expect((await ctx.store.outbox.get(first.id))!.note).toBe('first');
      const joined = await ctx.store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1', note: '' }, T0 + 2);
      expect(joined).toMatchObject({ id: first.id, note: '' });
      expect((await ctx.store.outbox.get(first.id))!.note).toBe('');
    });

    it('saving, marking or removing an item that is gone changes nothing; an empty outbox has no backlog', async () => {
      const item = await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'x' }, T0);
      await ctx.store.outbox.remove(item.id);
      await ctx.store.outbox.remove(item.id);
      await ctx.store.outbox.save({ ...item, attempts: 3 });
      await ctx.store.outbox.markSending(item.id, iso(T0));
      expect(await ctx.store.outbox.waiting()).toEqual([]);
      expect(await ctx.store.outbox.backlog()).toEqual({ waiting: 0, oldestAt: undefined, undelivered: 0 });
    });

    it('the backlog dates from the oldest waiting item, whichever was enqueued first', async () => {
      await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'late' }, T0 + 5_000);
      await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'early' }, T0);
      expect(await ctx.store.outbox.backlog()).toEqual({ waiting: 2, oldestAt: T0, undelivered: 0 });
    });

    it('inside atomically, a storage failure keeps no enqueue, save, mark, removal or setting aside', async () => {
      const a = await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'a' }, T0);
      const b = await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'b' }, T0);
      const c = await ctx.store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1' }, T0);
      const before = await ctx.store.outbox.waiting();
      await expectStorageError(ctx, () =>
        ctx.store.atomically(async (tx) => {
          await tx.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'new' }, T0);
          await tx.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1', note: 'joined' }, T0);
          await tx.outbox.save({ ...a, attempts: 4 });
          await tx.outbox.markSending(c.id, iso(T0));
          await tx.outbox.remove(b.id);
          await tx.outbox.setAside({ ...a, attempts: 5 });
        }),
      );
      expect(await ctx.store.outbox.waiting()).toEqual(before);
      expect(await ctx.store.outbox.undelivered()).toEqual([]);
    });
  });
}

export function outboxSingleWriteFailures(ctx: ContractContext): void {
  it('outbox: a refused enqueue, save, mark, removal or setting aside leaves it as it was', async () => {
    const a = await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'a' }, T0);
    const b = await ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'b' }, T0);
    const c = await ctx.store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1' }, T0);
    const before = await ctx.store.outbox.waiting();
    await expectStorageError(ctx, () => ctx.store.outbox.enqueue({ kind: 'post', channel: 'C1', text: 'new' }, T0));
    await expectStorageError(ctx, () => ctx.store.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1', note: 'joined' }, T0));
    await expectStorageError(ctx, () => ctx.store.outbox.save({ ...a, attempts: 4 }));
    await expectStorageError(ctx, () => ctx.store.outbox.markSending(c.id, iso(T0)));
    await expectStorageError(ctx, () => ctx.store.outbox.remove(b.id));
    await expectStorageError(ctx, () => ctx.store.outbox.setAside({ ...a, attempts: 5 }));
    await ctx.store.flush();
    expect(await ctx.store.outbox.waiting()).toEqual(before);
    expect(await ctx.store.outbox.undelivered()).toEqual([]);
  });
}
