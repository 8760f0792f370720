import { describe, expect, it } from 'vitest';
import type { CodeRequest } from '../../../src/store/schema.js';
import { type ContractContext, expectStorageError, iso, MINUTE, T0 } from './fixtures.js';

const HOUR = 60 * MINUTE;
const request = (phoneNumber: string, at: number, senderId = 's1'): CodeRequest => ({ phoneNumber, at: iso(at), senderId, kind: 'create' });

export function codeRequestsContract(ctx: ContractContext): void {
  describe('code requests', () => {
    it('counts the requests of a number from every registration, from `since` on, oldest first; other numbers apart', async () => {
      const store = ctx.store;
      expect(await store.codeRequests.record(request('+14155550100', T0 + 2 * HOUR, 's2'), T0, 10)).toBe(true);
      expect(await store.codeRequests.record(request('+14155550100', T0 + HOUR, 's1'), T0, 10)).toBe(true);
      expect(await store.codeRequests.record(request('+14155550199', T0 + HOUR), T0, 10)).toBe(true);
      expect(await store.codeRequests.since('+14155550100', T0)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
      expect(await store.codeRequests.since('+14155550100', T0 + 2 * HOUR)).toEqual([T0 + 2 * HOUR]);
      expect(await store.codeRequests.since('+14155550100', T0 + 3 * HOUR)).toEqual([]);
      expect(await store.codeRequests.since('+14155550111', T0)).toEqual([]);
    });

    it('refuses a request once `max` are counted since `since`, and counts it again once the oldest is out of the window', async () => {
      const store = ctx.store;
      for (let i = 0; i < 3; i += 1) expect(await store.codeRequests.record(request('+14155550100', T0 + i * HOUR), T0, 3)).toBe(true);
      expect(await store.codeRequests.record(request('+14155550100', T0 + 5 * HOUR), T0, 3)).toBe(false);
      expect(await store.codeRequests.since('+14155550100', T0)).toHaveLength(3);
      // The window moved past the first request: one place is free.
      expect(await store.codeRequests.record(request('+14155550100', T0 + 6 * HOUR), T0 + 30 * MINUTE, 3)).toBe(true);
      expect(await store.codeRequests.since('+14155550100', T0 + 30 * MINUTE)).toEqual([T0 + HOUR, T0 + 2 * HOUR, T0 + 6 * HOUR]);
    });

    it('inside atomically, gives the last place to one caller of several at once', async () => {
      const store = ctx.store;
      for (let i = 0; i < 2; i += 1) await store.codeRequests.record(request('+14155550100', T0 + i * MINUTE), T0, 3);
      const tries = await Promise.all(
        ['a', 'b', 'c'].map((id) => store.atomically((tx) => tx.codeRequests.record(request('+14155550100', T0 + HOUR, id), T0, 3))),
      );
      expect(tries.filter(Boolean)).toHaveLength(1);
      expect(await store.codeRequests.since('+14155550100', T0)).toHaveLength(3);
    });

    it('takes back the one request of a registration at a time, and nothing else', async () => {
      const store = ctx.store;
      await store.codeRequests.record(request('+14155550100', T0, 's1'), T0, 10);
      await store.codeRequests.record(request('+14155550100', T0, 's2'), T0, 10);
      await store.codeRequests.record(request('+14155550100', T0 + HOUR, 's1'), T0, 10);
      await store.codeRequests.forget('+14155550100', 's1', iso(T0));
      await store.codeRequests.forget('+14155550100', 's9', iso(T0));
      expect(await store.codeRequests.since('+14155550100', T0)).toEqual([T0, T0 + HOUR]);
    });

    it('keeps nothing of a unit taken back, or of a write the storage refuses', async () => {
      const store = ctx.store;
      await expect(
        store.atomically(async (tx) => {
          await tx.codeRequests.record(request('+14155550100', T0), T0, 3);
          throw new Error('decided otherwise');
        }),
      ).rejects.toThrow('decided otherwise');
      await expectStorageError(ctx, () => store.codeRequests.record(request('+14155550100', T0), T0, 3));
      expect(await store.codeRequests.since('+14155550100', T0)).toEqual([]);
    });
  });
}
