import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/store/schema.js';
import { type ContractContext, expectStorageError, iso, MINUTE, T0 } from './fixtures.js';

const DAY = 24 * 60 * MINUTE;
const entry = (target: string, at = iso(T0)): AuditEntry => ({ at, user: 'U1', action: 'register', target });

export function auditContract(ctx: ContractContext): void {
  describe('audit', () => {
    it('keeps every entry, the same one twice too, and gives the latest ones oldest first', async () => {
      for (const target of ['a', 'b', 'b', 'c']) await ctx.store.audit.add(entry(target));
      expect((await ctx.store.audit.recent(3)).map((e) => e.target)).toEqual(['b', 'b', 'c']);
      expect((await ctx.store.audit.recent(10)).map((e) => e.target)).toEqual(['a', 'b', 'b', 'c']);
      expect(await ctx.store.audit.recent(1)).toEqual([entry('c')]);
    });

    it('asked for no entries (or fewer than none), gives none', async () => {
      for (const target of ['a', 'b']) await ctx.store.audit.add(entry(target));
      expect(await ctx.store.audit.recent(0)).toEqual([]);
      expect(await ctx.store.audit.recent(-1)).toEqual([]);
    });

    it('keeps an entry whose time cannot be read, as it was given', async () => {
      await ctx.store.audit.add(entry('odd', 'yesterday'));
      expect(await ctx.store.audit.recent(1)).toEqual([entry('odd', 'yesterday')]);
    });

    it('inside atomically, a storage failure keeps no entry', async () => {
      await ctx.store.audit.add(entry('kept'));
      await expectStorageError(ctx, () => ctx.store.atomically((tx) => tx.audit.add(entry('lost'))));
      expect(await ctx.store.audit.recent(10)).toEqual([entry('kept')]);
    });
  });
}

export function channelBindingsContract(ctx: ContractContext): void {
  describe('channel bindings', () => {
    it('binds a channel to one customer, a second binding replacing the first', async () => {
      await ctx.store.channelBindings.set('C1', 'c1');
      await ctx.store.channelBindings.set('C2', 'c1');
      await ctx.store.channelBindings.set('C1', 'c2');
      expect(await ctx.store.channelBindings.get('C1')).toBe('c2');
      expect(await ctx.store.channelBindings.get('C9')).toBeUndefined();
      expect(await ctx.store.channelBindings.list()).toEqual({ C1: 'c2', C2: 'c1' });
    });

    it('remove says whether a binding was there, whatever it held', async () => {
      await ctx.store.channelBindings.set('C1', 'c1');
      await ctx.store.channelBindings.set('C2', '');
      expect(await ctx.store.channelBindings.remove('C1')).toBe(true);
      expect(await ctx.store.channelBindings.remove('C1')).toBe(false);
      expect(await ctx.store.channelBindings.remove('C2')).toBe(true);
      expect(await ctx.store.channelBindings.list()).toEqual({});
    });

    it('inside atomically, a storage failure keeps no binding set or removed', async () => {
      await ctx.store.channelBindings.set('C1', 'c1');
      await expectStorageError(ctx, () =>
        ctx.store.atomically(async (tx) => {
          await tx.channelBindings.set('C2', 'c2');
          await tx.channelBindings.set('C1', 'c3');
          expect(await tx.channelBindings.remove('C1')).toBe(true);
        }),
      );
      expect(await ctx.store.channelBindings.list()).toEqual({ C1: 'c1' });
    });
  });
}

export function accountsContract(ctx: ContractContext): void {
  describe('accounts, further', () => {
    it('knows nothing of an account never seen; setPace sets and forgets its pace', async () => {
      expect(await ctx.store.accounts.pace('AC1')).toBeUndefined();
      expect(await ctx.store.accounts.pace('AC1', T0)).toBeUndefined();
      expect(await ctx.store.accounts.waba('AC1')).toBeUndefined();
      expect(await ctx.store.accounts.wabas()).toEqual({});
      await ctx.store.accounts.setPace('AC1', T0 - MINUTE);
      expect(await ctx.store.accounts.pace('AC1', T0)).toBe(T0 - MINUTE);
      await ctx.store.accounts.setPace('AC1', undefined);
      expect(await ctx.store.accounts.pace('AC1', T0)).toBeUndefined();
      // A pace alone links no WABA.
      await ctx.store.accounts.setPace('AC2', T0);
      expect(await ctx.store.accounts.wabas()).toEqual({});
    });

    it('linkWaba asked at once with two WABAs keeps one, and every caller is told the one kept', async () => {
      const answers = await Promise.all(['111', '222', '333'].map((waba) => ctx.store.accounts.linkWaba('AC1', waba)));
      const kept = await ctx.store.accounts.waba('AC1');
      expect(answers).toEqual([kept, kept, kept]);
      await ctx.store.accounts.setPace('AC1', T0);
      expect(await ctx.store.accounts.waba('AC1')).toBe(kept);
    });

    it('while the storage refuses writes, a pace that must move a time recorded ahead is refused like any write, and keeps the stored time', async () => {
      await ctx.store.accounts.setPace('AC1', T0 + DAY);
      await expectStorageError(ctx, () => ctx.store.accounts.pace('AC1', T0));
      await expectStorageError(ctx, () => ctx.store.accounts.takeTurn('AC1', T0, 3 * MINUTE));
      expect(await ctx.store.accounts.pace('AC1')).toBe(T0 + DAY);
    });

    it('inside atomically, a storage failure keeps no turn, pace or WABA', async () => {
      await ctx.store.accounts.setPace('AC1', T0 - DAY);
      await expectStorageError(ctx, () =>
        ctx.store.atomically(async (tx) => {
          expect(await tx.accounts.takeTurn('AC1', T0, MINUTE)).toBe(true);
          await tx.accounts.setPace('AC2', T0);
          await tx.accounts.linkWaba('AC1', '111');
        }),
      );
      expect(await ctx.store.accounts.pace('AC1')).toBe(T0 - DAY);
      expect(await ctx.store.accounts.pace('AC2')).toBeUndefined();
      expect(await ctx.store.accounts.wabas()).toEqual({});
    });
  });
}

export function pollerContract(ctx: ContractContext): void {
  describe('poller state', () => {
    it('is empty until set; a set replaces the whole state; what get returns is a copy', async () => {
      expect(await ctx.store.poller.get()).toEqual({});
      await ctx.store.poller.set({ lastPollAt: iso(T0), lastPollMs: 120, lastPollChecked: 3, lastPollFailures: 1 });
      await ctx.store.poller.set({ lastPollAt: iso(T0 + MINUTE), lastPollChecked: 5 });
      const state = await ctx.store.poller.get();
      expect(state).toEqual({ lastPollAt: iso(T0 + MINUTE), lastPollChecked: 5 });
      state.lastPollChecked = 99;
      expect((await ctx.store.poller.get()).lastPollChecked).toBe(5);
    });

    it('inside atomically, a storage failure keeps the state as it was', async () => {
      await ctx.store.poller.set({ lastPollChecked: 1 });
      await expectStorageError(ctx, () => ctx.store.atomically((tx) => tx.poller.set({ lastPollChecked: 2 })));
      expect(await ctx.store.poller.get()).toEqual({ lastPollChecked: 1 });
    });
  });
}

export function smallRepositoriesSingleWriteFailures(ctx: ContractContext): void {
  it('audit, channel bindings and poller state: a refused write leaves them as they were', async () => {
    await ctx.store.audit.add(entry('kept'));
    await ctx.store.channelBindings.set('C1', 'c1');
    await ctx.store.poller.set({ lastPollChecked: 1 });
    await expectStorageError(ctx, () => ctx.store.audit.add(entry('lost')));
    await expectStorageError(ctx, () => ctx.store.channelBindings.set('C2', 'c2'));
    await expectStorageError(ctx, () => ctx.store.channelBindings.remove('C1'));
    await expectStorageError(ctx, () => ctx.store.poller.set({ lastPollChecked: 2 }));
    await ctx.store.flush();
    expect(await ctx.store.audit.recent(10)).toEqual([entry('kept')]);
    expect(await ctx.store.channelBindings.list()).toEqual({ C1: 'c1' });
    expect(await ctx.store.poller.get()).toEqual({ lastPollChecked: 1 });
  });

  it('accounts: a refused turn, pace, WABA link or move of a time ahead leaves them as they were', async () => {
    await ctx.store.accounts.setPace('AC1', T0 - DAY);
    await ctx.store.accounts.setPace('AC2', T0 + DAY);
    await expectStorageError(ctx, () => ctx.store.accounts.takeTurn('AC1', T0, MINUTE));
    await expectStorageError(ctx, () => ctx.store.accounts.setPace('AC3', T0));
    await expectStorageError(ctx, () => ctx.store.accounts.linkWaba('AC1', '111'));
    await expectStorageError(ctx, () => ctx.store.accounts.pace('AC2', T0));
    await ctx.store.flush();
    expect(await ctx.store.accounts.pace('AC1')).toBe(T0 - DAY);
    expect(await ctx.store.accounts.pace('AC2')).toBe(T0 + DAY);
    expect(await ctx.store.accounts.pace('AC3')).toBeUndefined();
    expect(await ctx.store.accounts.wabas()).toEqual({});
  });
}
