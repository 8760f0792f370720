import { afterEach, describe, expect, it } from 'vitest';
import type { MetaEvent } from '../../src/meta/meta-view.js';
import { forgetOldMetaEvents, META_EVENT_MEMORY_MS, newMetaEvents } from '../../src/senders/meta/meta-events.js';
import { StorageError } from '../../src/store/storage-error.js';
import { lowdbFactory, type OpenedStore } from '../store/factories.js';
import { ManualClock } from '../support/manual-clock.js';

const event = (key: string, wabaId = 'W1'): MetaEvent => ({ key, wabaId, field: 'account_update', at: Date.parse('2026-11-25T11:59:00Z'), numbers: [] });

let opened: OpenedStore | undefined;
afterEach(async () => {
  await opened?.dispose();
  opened = undefined;
});

async function domain() {
  opened = await lowdbFactory.open();
  return { store: opened.store, clock: new ManualClock(), faults: opened.faults! };
}

describe("Meta's events, each handled once", () => {
  it('gives back only the events never seen, in their order, the same one twice in a delivery once', async () => {
    const ctx = await domain();
    expect(await newMetaEvents(ctx, [])).toEqual([]);
    expect(await newMetaEvents(ctx, [event('a'), event('b'), event('a')])).toEqual([event('a'), event('b')]);
    expect(await newMetaEvents(ctx, [event('b'), event('c'), event('a')])).toEqual([event('c')]);
  });

  it('keeps none of a delivery the storage refuses, so the next delivery brings them all', async () => {
    const ctx = await domain();
    await newMetaEvents(ctx, [event('a')]);
    ctx.faults.fail();
    await expect(newMetaEvents(ctx, [event('b'), event('c')])).rejects.toBeInstanceOf(StorageError);
    ctx.faults.heal();
    expect(await newMetaEvents(ctx, [event('a'), event('b'), event('c')])).toEqual([event('b'), event('c')]);
  });

  it('forgets a key a week after it was first seen, not before', async () => {
    const ctx = await domain();
    await newMetaEvents(ctx, [event('a')]);
    ctx.clock.advance(1_000);
    await newMetaEvents(ctx, [event('b')]);
    ctx.clock.advance(META_EVENT_MEMORY_MS);
    // `a` was seen a week and a second ago, `b` a week ago exactly.
    expect(await forgetOldMetaEvents(ctx, ctx.clock.now())).toBe(1);
    expect(await newMetaEvents(ctx, [event('a'), event('b')])).toEqual([event('a')]);
  });
});
