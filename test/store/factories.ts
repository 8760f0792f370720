import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import type { Store } from '../../src/store/repositories.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { postgresFactory } from './postgres-factory.js';

/** A store opened fresh for one test, and what a test may do to its storage. */
export interface OpenedStore {
  store: Store;
  /** Makes the storage refuse writes until `heal` (absent when the implementation cannot simulate it). */
  faults?: { fail(times?: number): void; heal(): void };
  /** Closes the store and removes what it stored. */
  dispose(): Promise<void>;
}

export interface StoreFactory {
  kind: Store['kind'];
  /** Why this store is not tested here (its server cannot be reached), or undefined. */
  unavailable(): Promise<string | undefined>;
  open(): Promise<OpenedStore>;
  /** Removes whatever the tests of a file left behind (called once, after them). */
  release?(): Promise<void>;
}

export const lowdbFactory: StoreFactory = {
  kind: 'lowdb',
  unavailable: async () => undefined,
  async open() {
    const folder = await mkdtemp(join(tmpdir(), 'store-contract-'));
    const disk = new FaultyDisk();
    const store = await openLowdbStore(join(folder, 'db.json'), { fs: disk, retryMs: 60_000 });
    return {
      store,
      faults: { fail: (times?: number) => disk.fail('ENOSPC', times), heal: () => disk.heal() },
      async dispose() {
        await store.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  },
};

/** Every implementation the contract runs against; the PostgreSQL one joins here. */
export const storeFactories: StoreFactory[] = [lowdbFactory, postgresFactory];
