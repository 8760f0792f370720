import { describe, expect, it } from 'vitest';
import { type ContractContext, expectStorageError, MINUTE, T0 } from './fixtures.js';

const DAY = 24 * 60 * MINUTE;

export function metaEventsContract(ctx: ContractContext): void {
  describe("Meta's webhook events seen", () => {
    it('a new key is stored once: the first add says new, every later one says seen', async () => {
      const store = ctx.store;
      expect(await store.metaEvents.add('k1', 'W1', T0)).toBe(true);
      expect(await store.metaEvents.add('k1', 'W1', T0 + MINUTE)).toBe(false);
      // The key alone tells an event: the same key from another WABA's delivery is the same event.
      expect(await store.metaEvents.add('k1', 'W2', T0 + MINUTE)).toBe(false);
      expect(await store.metaEvents.add('k2', 'W1', T0)).toBe(true);
      expect(await store.metaEvents.add('k2', 'W1', T0)).toBe(false);
    });

    it('of many adds of one key at once, alone or each in its own unit, one says new', async () => {
      const store = ctx.store;
      const alone = await Promise.all(Array.from({ length: 10 }, () => store.metaEvents.add('k1', 'W1', T0)));
      expect(alone.filter(Boolean)).toHaveLength(1);
      const inUnits = await Promise.all(Array.from({ length: 5 }, () => store.atomically((tx) => tx.metaEvents.add('k2', 'W1', T0))));
      expect(inUnits.filter(Boolean)).toHaveLength(1);
    });

    it('forgetBefore forgets the keys added before the cutoff, says how many, and keeps the rest', async () => {
      const store = ctx.store;
      await store.metaEvents.add('old1', 'W1', T0);
      await store.metaEvents.add('old2', 'W2', T0 + DAY - 1);
      await store.metaEvents.add('recent', 'W1', T0 + DAY);
      expect(await store.metaEvents.forgetBefore(T0 + DAY)).toBe(2);
      expect(await store.metaEvents.forgetBefore(T0 + DAY)).toBe(0);
      expect(await store.metaEvents.add('recent', 'W1', T0 + 2 * DAY)).toBe(false);
      // A forgotten key is new again.
      expect(await store.metaEvents.add('old1', 'W1', T0 + 2 * DAY)).toBe(true);
    });

    it('keeps nothing of a unit taken back, or of a write the storage refuses', async () => {
      const store = ctx.store;
      await expect(
        store.atomically(async (tx) => {
          expect(await tx.metaEvents.add('k1', 'W1', T0)).toBe(true);
          throw new Error('decided otherwise');
        }),
      ).rejects.toThrow('decided otherwise');
      await expectStorageError(ctx, () => store.metaEvents.add('k1', 'W1', T0));
      expect(await store.metaEvents.add('k1', 'W1', T0)).toBe(true);
      // A clean-up the storage refuses forgets nothing.
      await expectStorageError(ctx, () => store.metaEvents.forgetBefore(T0 + DAY));
      expect(await store.metaEvents.add('k1', 'W1', T0)).toBe(false);
    });
  });
}
