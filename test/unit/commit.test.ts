import { describe, expect, it } from 'vitest';
import { commit, senderChange } from '../../src/senders/commit.js';
import type { JsonDocument } from '../../src/store/lowdb/json-document.js';
import { lowdbStoreOver } from '../../src/store/lowdb/lowdb-store.js';
import { StaleRecordError } from '../../src/store/repositories.js';
import { emptyData } from '../../src/store/schema.js';
import { StorageError } from '../../src/store/storage-error.js';
import { senderRecord } from '../support/sender-record.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const clock = { now: () => NOW };

/** A store in memory whose writes fail while `failing` is set (the failed write's changes taken back, as the data file's are). */
function world() {
  const state = { failing: false, writes: 0 };
  const doc: JsonDocument = {
    data: emptyData(),
    file: 'memory',
    health: { ok: true },
    write: async (undo) => {
      state.writes += 1;
      if (!state.failing) return;
      undo?.();
      throw new StorageError('memory', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    },
    senderChanged: () => {},
    onHealthChange: () => {},
    close: async () => {},
    closeNow: () => {},
  };
  return { store: lowdbStoreOver(doc), clock, state };
}

describe('commit', () => {
  it('stores a decision as one unit: the record, its audit entry and its messages', async () => {
    const ctx = world();
    const record = senderRecord({ id: 's1', state: 'queued' });
    await commit(ctx, async () => ({
      newSenders: [record],
      audit: [{ at: new Date(NOW).toISOString(), user: 'U1', action: 'register', target: record.phoneNumber }],
      messages: [{ kind: 'refresh_sender_message', senderId: 's1' }],
    }));
    expect(await ctx.store.senders.get('s1')).toMatchObject({ state: 'queued', version: 1 });
    expect(await ctx.store.audit.recent(5)).toHaveLength(1);
    expect(await ctx.store.outbox.waiting()).toHaveLength(1);
    expect(ctx.state.writes).toBe(1);
  });

  it('decides again from the stored record when someone changed it meanwhile, at most the attempts given', async () => {
    const ctx = world();
    const stored = senderRecord({ id: 's1', state: 'verifying' });
    await ctx.store.senders.insert(stored);
    const inHand = structuredClone(stored);
    // Someone else saves it after it was read.
    await ctx.store.senders.save({ ...stored, status: 'ONLINE' });
    let decisions = 0;
    const saved = await commit(
      ctx,
      senderChange(inHand, (r) => {
        decisions += 1;
        r.lastError = { message: 'checked' };
      }),
    );
    expect(decisions).toBe(2);
    expect(saved).toMatchObject({ status: 'ONLINE', lastError: { message: 'checked' }, version: 3 });

    await ctx.store.senders.save({ ...saved, status: 'OFFLINE' });
    await expect(commit(ctx, async () => ({ senders: [saved] }), { attempts: 1 })).rejects.toBeInstanceOf(StaleRecordError);
  });

  it('a storage failure rejects and keeps nothing of the decision; nothing stores it later', async () => {
    const ctx = world();
    const record = senderRecord({ id: 's1', state: 'queued' });
    ctx.state.failing = true;
    await expect(
      commit(ctx, async () => ({
        newSenders: [record],
        audit: [{ at: new Date(NOW).toISOString(), user: 'U1', action: 'register', target: record.phoneNumber }],
      })),
    ).rejects.toBeInstanceOf(StorageError);
    ctx.state.failing = false;
    await commit(ctx, async () => ({ messages: [{ kind: 'post', channel: 'C1', text: 'later' }] }));
    expect(await ctx.store.senders.get('s1')).toBeUndefined();
    expect(await ctx.store.audit.recent(5)).toEqual([]);
    expect(record.version).toBeUndefined();
  });
});
