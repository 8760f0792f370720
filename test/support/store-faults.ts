import pg from 'pg';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import type { FaultyDisk } from './faulty-disk.js';
import type { Harness } from './harness.js';
import { faultSwitch, removeFaultSwitch } from './pg-fault-switch.js';

export interface StoreFaults {
  /** From now on every write fails as on a full disk (reads still work). */
  fail(): Promise<void>;
  heal(): Promise<void>;
  /** Heals and takes the fault injection out (call in a finally). */
  remove(): Promise<void>;
}

/**
 * Writes that fail on demand, whichever store the harness runs on: its data file's disk (the
 * harness started with `store: { fs: disk }`), or its PostgreSQL schema (a switch and triggers).
 */
export async function storeFaults(h: Harness, disk: FaultyDisk): Promise<StoreFaults> {
  if (!h.database) {
    return {
      fail: async () => disk.fail('ENOSPC'),
      heal: async () => disk.heal(),
      remove: async () => disk.heal(),
    };
  }
  const { url, schema } = h.database;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(faultSwitch(schema));
  const flip = async (failing: boolean) => void (await admin.query(`UPDATE ${quoteIdentifier(schema)}.fault_switch SET failing = $1`, [failing]));
  return {
    fail: () => flip(true),
    heal: () => flip(false),
    async remove() {
      await admin.query(removeFaultSwitch(schema));
      await admin.end();
    },
  };
}
