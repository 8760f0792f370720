import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { SendersContext } from '../../src/senders/context.js';
import { CLAIM_TTL_MS, onceAtATime } from '../../src/senders/once-at-a-time.js';
import { StorageError } from '../../src/store/storage-error.js';
import { memoryStore } from '../support/memory-store.js';

const T0 = Date.parse('2026-11-25T12:00:00Z');

function world() {
  let now = T0;
  let ids = 0;
  const store = memoryStore();
  const ctx = {
    store,
    clock: { now: () => now },
    logger: silentLogger,
    newId: () => `holder${++ids}`,
  } as unknown as SendersContext;
  return { ctx, store, advance: (ms: number) => (now += ms), now: () => now };
}

const answers = { busy: () => 'busy', cannotSave: (error: StorageError) => `cannot save: ${error.plainCause}` };

/** Work that runs until `finish` is called. */
function pending() {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve('done')));
  return { work: () => done, finish };
}

describe('work claimed in the store, once at a time', () => {
  afterEach(() => vi.useRealTimers());

  it('turns a second request away while the first runs, and lets the next one in once it ended, even after it failed', async () => {
    const { ctx } = world();
    const first = pending();
    const running = onceAtATime(ctx, 'purchase:+1', answers, first.work);
    expect(await onceAtATime(ctx, 'purchase:+1', answers, async () => 'twice')).toBe('busy');
    expect(await onceAtATime(ctx, 'purchase:+2', answers, async () => 'other key')).toBe('other key');
    first.finish();
    expect(await running).toBe('done');
    await expect(onceAtATime(ctx, 'purchase:+1', answers, async () => Promise.reject(new Error('Twilio said no')))).rejects.toThrow('Twilio said no');
    expect(await onceAtATime(ctx, 'purchase:+1', answers, async () => 'again')).toBe('again');
  });

  it('renews the claim while the work runs, so it does not lapse under long work; a claim nobody renews lapses', async () => {
    vi.useFakeTimers();
    const { ctx, store, advance } = world();
    const first = pending();
    const running = onceAtATime(ctx, 'customer:acme', answers, first.work);
    await vi.advanceTimersByTimeAsync(0);
    // Three renewals while the clock passes the first claim's time.
    for (let i = 0; i < 3; i += 1) {
      advance(CLAIM_TTL_MS / 3);
      await vi.advanceTimersByTimeAsync(CLAIM_TTL_MS / 3);
    }
    expect(await onceAtATime(ctx, 'customer:acme', answers, async () => 'twice')).toBe('busy');
    first.finish();
    expect(await running).toBe('done');

    // A holder that died (took the claim, never renews or gives it up) blocks the work one claim time at most.
    expect(await store.claims.take('customer:globex', 'dead replica', ctx.clock.now(), CLAIM_TTL_MS)).toBe(true);
    expect(await onceAtATime(ctx, 'customer:globex', answers, async () => 'taken over')).toBe('busy');
    advance(CLAIM_TTL_MS);
    expect(await onceAtATime(ctx, 'customer:globex', answers, async () => 'taken over')).toBe('taken over');
  });

  it('answers with the storage problem when the claim cannot be taken, and does not run the work', async () => {
    const { ctx, store } = world();
    const failure = new StorageError('the database at db:5432/bot', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    // The store cannot be written: the unit that would take the claim fails.
    vi.spyOn(store, 'atomically').mockRejectedValue(failure);
    const work = vi.fn(async () => 'ran');
    expect(await onceAtATime(ctx, 'watch:+1', answers, work)).toMatch(/^cannot save: /);
    expect(work).not.toHaveBeenCalled();
  });
});
