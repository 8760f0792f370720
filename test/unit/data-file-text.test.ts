import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJsonDocument } from '../../src/store/lowdb/json-document.js';
import { lowdbStoreOver } from '../../src/store/lowdb/lowdb-store.js';
import { senderRecord } from '../support/sender-record.js';

/** A store over a real data file, and what the file and the memory hold. */
async function dataFile() {
  const file = join(await mkdtemp(join(tmpdir(), 'data-file-text-')), 'data.json');
  const doc = await openJsonDocument(file);
  const store = lowdbStoreOver(doc);
  const onDisk = async () => readFile(file, 'utf8');
  return { file, doc, store, onDisk, inMemory: () => JSON.stringify(doc.data) };
}

describe('the data file written after each change', () => {
  it('holds exactly the stored senders through inserts, saves, a rolled-back save and a removal', async () => {
    const { doc, store, onDisk, inMemory } = await dataFile();
    for (let n = 0; n < 5; n += 1) await store.senders.insert(senderRecord({ id: `r${n}`, phoneNumber: `+1415555010${n}`, sid: undefined }));
    expect(await onDisk()).toBe(inMemory());

    const second = (await store.senders.get('r1'))!;
    await store.senders.save({ ...second, profile: { name: 'Renamed Store' } });
    expect(await onDisk()).toBe(inMemory());
    expect(JSON.parse(await onDisk()).senders[1].profile.name).toBe('Renamed Store');

    // A transaction that fails after saving takes the save back: the file keeps the name before.
    const third = (await store.senders.get('r2'))!;
    await expect(
      store.atomically(async (tx) => {
        await tx.senders.save({ ...third, profile: { name: 'Never Stored' } });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await store.senders.save({ ...(await store.senders.get('r0'))!, profile: { name: 'Written Later' } });
    expect(await onDisk()).toBe(inMemory());
    expect(JSON.parse(await onDisk()).senders[2].profile.name).toBe(third.profile.name);

    await store.senders.discard('r3');
    expect(await onDisk()).toBe(inMemory());
    expect(JSON.parse(await onDisk()).senders.map((s: { id: string }) => s.id)).toEqual(['r0', 'r1', 'r2', 'r4']);
    await doc.close();
  });

  it('holds every record of a file written in more pieces than one system call takes', async () => {
    const { doc, store, onDisk, inMemory } = await dataFile();
    await store.atomically(async (tx) => {
      for (let n = 0; n < 1_500; n += 1) await tx.senders.insert(senderRecord({ id: `r${n}`, phoneNumber: `+1415${String(5_000_000 + n)}` }));
    });
    expect(await onDisk()).toBe(inMemory());
    expect(JSON.parse(await onDisk()).senders).toHaveLength(1_500);
    await doc.close();
  });

  it('reads back after a restart as it was written', async () => {
    const { file, doc, store } = await dataFile();
    await store.senders.insert(senderRecord({ id: 'r0', phoneNumber: '+14155550100' }));
    const stored = (await store.senders.get('r0'))!;
    await store.senders.save({ ...stored, state: 'online', status: 'ONLINE' });
    const before = JSON.stringify(doc.data);
    await doc.close();
    const reopened = await openJsonDocument(file);
    expect(JSON.stringify(reopened.data)).toBe(before);
    expect(reopened.data.senders[0]!.status).toBe('ONLINE');
    await reopened.close();
  });
});

describe('a record read from the store', () => {
  it('is a copy: changing it changes nothing stored, and a key named __proto__ stays a key', async () => {
    const { doc, store, onDisk } = await dataFile();
    const webhook = JSON.parse('{"__proto__":{"x":"1"},"url":"https://example.com/hook"}');
    await store.senders.insert(senderRecord({ id: 'r0', phoneNumber: '+14155550100', webhook, slack: undefined }));
    const read = (await store.senders.get('r0'))!;
    expect(Object.keys(read.webhook)).toEqual(['__proto__', 'url']);
    expect(Object.hasOwn(read, 'slack')).toBe(true);
    read.profile.name = 'Changed In Hand';
    read.statusHistory.push({ status: 'ONLINE', at: '2026-01-01T00:00:00.000Z' });
    const again = (await store.senders.get('r0'))!;
    expect(again.profile.name).toBe('Acme Store');
    expect(again.statusHistory).toEqual([]);
    expect(JSON.parse(await onDisk()).senders[0].webhook).toEqual(webhook);
    await doc.close();
  });

  it('under the test runner, refuses to write a stored sender changed without telling it (so no test passes over a stale text)', async () => {
    const { doc, store, onDisk } = await dataFile();
    await store.senders.insert(senderRecord({ id: 'r1', sid: undefined }));
    const before = await onDisk();
    doc.data.senders[0]!.profile.name = 'Changed behind its back';
    await expect(store.senders.insert(senderRecord({ id: 'r2', phoneNumber: '+14155550199', sid: undefined }))).rejects.toThrow();
    expect(await onDisk()).toBe(before);
  });
});
