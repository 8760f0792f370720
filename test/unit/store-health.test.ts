import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteFs } from '../../src/store/lowdb/durable-json-file.js';
import { openJsonDocument as openStore, type JsonDocument as Store } from '../../src/store/lowdb/json-document.js';
import type { StorageHealth } from '../../src/store/repositories.js';
import { StorageError } from '../../src/store/storage-error.js';
import { FaultyDisk } from '../support/faulty-disk.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function open(fs: WriteFs, retryMs = 10_000) {
  const store = await openStore(join(await mkdtemp(join(tmpdir(), 'store-health-')), 'db.json'), { fs, retryMs });
  opened.push(store);
  return store;
}

const onDisk = async (store: Store) => JSON.parse(await readFile(store.file, 'utf8'));

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 5));
    check();
  });
}

describe('the store when writes fail', () => {
  it('rejects with the cause in plain words, reports the change once however many writes fail, and once when a write works again', async () => {
    const disk = new FaultyDisk();
    const store = await open(disk);
    const changes: StorageHealth[] = [];
    store.onHealthChange((health) => changes.push(health));
    disk.fail('EROFS');
    for (let i = 0; i < 5; i += 1) {
      const failure = await store.write().catch((error: unknown) => error as StorageError);
      expect(failure).toBeInstanceOf(StorageError);
      expect(failure!.plainCause).toBe('the file system is read-only');
      expect(failure!.remedy).toBe('make the data file and its folder writable');
    }
    expect(changes).toEqual([expect.objectContaining({ ok: false })]);
    disk.heal();
    await store.write();
    expect(changes.map((c) => c.ok)).toEqual([false, true]);
    expect(store.health.ok).toBe(true);
  });

  it('writes the file again now and then while failing (a probe of the disk), and is healthy once a write works', async () => {
    const disk = new FaultyDisk();
    const store = await open(disk, 5);
    disk.fail('ENOSPC');
    store.data.customers.push({ id: 'c1', name: 'Acme', accountSid: 'AC1', createdBySlackUser: 'U1', createdAt: '', createdSubaccount: false });
    await expect(store.write()).rejects.toBeInstanceOf(StorageError);
    await until(() => disk.failedWrites >= 3);
    disk.heal();
    await until(() => store.health.ok);
    expect((await onDisk(store)).customers).toHaveLength(1);
  });

  it('takes back what a failed write was asked to undo before the write queued behind it starts', async () => {
    const disk = new FaultyDisk();
    const store = await open(disk);
    const customer = (id: string) => ({ id, name: id, accountSid: `AC${id}`, createdBySlackUser: 'U1', createdAt: '', createdSubaccount: false });
    disk.fail('ENOSPC', 2);
    store.data.customers.push(customer('kept'));
    const first = store.write().catch(() => undefined);
    const refused = customer('refused');
    store.data.customers.push(refused);
    const second = store.write(() => {
      store.data.customers = store.data.customers.filter((c) => c !== refused);
    });
    // Queued while the second runs (the first has just failed); the disk works again by its turn.
    let third: Promise<void> | undefined;
    store.onHealthChange((health) => {
      if (!health.ok) third = store.write();
    });
    await first;
    await expect(second).rejects.toBeInstanceOf(StorageError);
    await third;
    expect((await onDisk(store)).customers.map((c: { id: string }) => c.id)).toEqual(['kept']);
  });

  it('never runs two writes at once, even when a listener writes as the health changes', async () => {
    let running = 0;
    let most = 0;
    const disk = new FaultyDisk();
    const counting: WriteFs = {
      open: async (path, flags, mode) => {
        if (flags === 'w') most = Math.max(most, ++running);
        return disk.open(path, flags, mode);
      },
      rename: async (from, to) => {
        await disk.rename(from, to);
        running -= 1;
      },
      unlink: async (path) => {
        if (String(path).endsWith('.tmp')) running = Math.max(0, running - 1);
        return disk.unlink(path);
      },
    };
    const store = await open(counting);
    store.onHealthChange(() => {
      void store.write().catch(() => undefined);
      void store.write().catch(() => undefined);
    });
    disk.fail('ENOSPC');
    await store.write().catch(() => undefined);
    disk.heal();
    await Promise.all([store.write(), store.write()]);
    await until(() => running === 0);
    expect(most).toBe(1);
  });
});
