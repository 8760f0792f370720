import { afterEach, describe, expect, it } from 'vitest';
import type { SenderRecord } from '../../src/store/schema.js';
import { StorageError } from '../../src/store/storage-error.js';
import { senderRecord } from '../support/sender-record.js';
import { lowdbFactory, type OpenedStore } from './factories.js';

/**
 * The data file's store applies a transaction's changes in memory before its one file write.
 * When that write fails, the changes are taken back; a record someone saved again meanwhile
 * (built on the transaction's change) keeps that later save.
 */
const AT = '2026-11-25T12:00:00.000Z';
const record = (): SenderRecord => senderRecord({ id: 's1', state: 'verifying', sid: 'XE1', requestedBy: 'U1', createdAt: AT });

let opened: OpenedStore;
afterEach(async () => opened?.dispose());

describe('a failed transaction write on the data file', () => {
  it('does not take back a later save of the same record, and its version never goes back', async () => {
    opened = await lowdbFactory.open();
    const { store } = opened;
    const mine = record();
    await store.senders.insert(mine);

    // Only the transaction's write fails; the poller's, queued behind it, works.
    opened.faults!.fail(1);
    const resend = store.atomically(async (tx) => {
      mine.otp.resends = 1;
      await tx.senders.save(mine);
    });
    // While the transaction's write is out, the poller saves the record it reads (version 2).
    const poller = (await store.senders.get('s1'))!;
    expect(poller.version).toBe(2);
    poller.watch = { nextCheckAt: AT, unchangedChecks: 0, snoozedUntil: AT };
    const pollerSave = store.senders.save(poller).catch((error: unknown) => error);
    await expect(resend).rejects.toBeInstanceOf(StorageError);
    opened.faults!.heal();
    await pollerSave;
    await store.flush();

    const stored = (await store.senders.get('s1'))!;
    expect(stored.watch?.snoozedUntil).toBe(AT);
    expect(stored.version).toBe(3);
  });
});

describe('a failed transaction write on the data file, for records without a version', () => {
  it('does not take back a later change of the same entry stored by a write that worked', async () => {
    opened = await lowdbFactory.open();
    const { store } = opened;
    await store.onboardings.insert({ id: 'o1', customerId: 'c1', channel: 'C1', requestedBy: 'U1', createdAt: AT, expiresAt: AT });
    await store.poller.set({ lastPollChecked: 1 });

    // Only the first write fails; the one queued behind it works.
    opened.faults!.fail(1);
    const failing = store.atomically(async (tx) => {
      await tx.onboardings.countNotice('o1', Date.parse(AT), 60_000, 6);
      await tx.poller.set({ lastPollChecked: 2 });
    });
    // While that write is out, another request stores its own change of the same entries.
    const finished = (await store.onboardings.get('o1'))!;
    finished.finishedAt = AT;
    const later = store.atomically(async (tx) => {
      await tx.onboardings.save(finished);
      await tx.poller.set({ lastPollChecked: 3 });
    });
    await expect(failing).rejects.toBeInstanceOf(StorageError);
    opened.faults!.heal();
    await later;
    await store.flush();

    expect((await store.onboardings.get('o1'))!.finishedAt).toBe(AT);
    expect(await store.poller.get()).toEqual({ lastPollChecked: 3 });
  });
});
