import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { emptyData, type Data } from './schema.js';
import { migrate } from './migrations.js';

export interface Store {
  readonly data: Data;
  /**
   * Writes the whole file atomically (lowdb writes a temp file and renames it). Resolves once a
   * write that began after the call has finished; calls made while one is running share the next.
   */
  write(): Promise<void>;
}

/**
 * Many requests at once each ask for a write; serialising the whole file for every one of them
 * would stall the process. A write already waiting to start is shared, since it will hold the
 * latest data anyway.
 */
class CoalescingStore implements Store {
  private inFlight?: Promise<void>;
  private next?: Promise<void>;

  constructor(private readonly db: Low<Data>) {}

  get data(): Data {
    return this.db.data;
  }

  write(): Promise<void> {
    if (this.next) return this.next;
    if (!this.inFlight) return this.start();
    this.next = this.inFlight.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  private startNext(): Promise<void> {
    this.next = undefined;
    return this.start();
  }

  private start(): Promise<void> {
    this.inFlight = this.db.write().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }
}

export async function openStore(file: string): Promise<Store> {
  await mkdir(dirname(file), { recursive: true });
  // Compact JSON: with tens of thousands of senders, indentation doubles the cost of every write.
  const adapter = new DataFile<Data>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) });
  const db = new Low<Data>(adapter, emptyData());
  const existed = existsSync(file);
  await db.read();
  const versionFound = (db.data as { schemaVersion?: unknown } | null)?.schemaVersion;
  db.data = migrate((db.data ?? emptyData()) as unknown as Record<string, unknown>);
  // A new or migrated file is written at once; one already current is not rewritten just for starting.
  if (!existed || versionFound !== db.data.schemaVersion) await db.write();
  return new CoalescingStore(db);
}
