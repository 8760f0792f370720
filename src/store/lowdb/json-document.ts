import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import type { StorageHealth } from '../repositories.js';
import { type Data, emptyData } from '../schema.js';
import { StoreStartError, StoreUnreadableError, StoreUnwritableError } from '../start-errors.js';
import { type StorageError, toStorageError } from '../storage-error.js';
import { migratedShapeProblem, shapeProblem } from './data-shape.js';
import { DurableJsonFile, type WriteFs } from './durable-json-file.js';
import { type FileLock, lockDataFile } from './file-lock.js';
import { migrate } from './migrations.js';

/** The whole data file in memory, and its writes. */
export interface JsonDocument {
  readonly data: Data;
  readonly file: string;
  /**
   * Writes the whole file (see DurableJsonFile). Resolves once a write that began after the call
   * has finished; calls made while one is running share the next. Rejects with a StorageError
   * when that write fails; `undo` then runs before any later write starts, so what it takes back
   * from `data` reaches the disk in no later write.
   */
  write(undo?: () => void): Promise<void>;
  /** Whether the latest write worked. While it did not, the file is written again now and then (a probe: what failed was taken back) until it works. */
  readonly health: StorageHealth;
  /** Called when writes start failing and when they work again; not once per failed write. */
  onHealthChange(listener: (health: StorageHealth) => void): void;
  /** Stops probing and releases the data file for another process. */
  close(): Promise<void>;
  /** Releases the data file at once, writes in flight or not: the process is about to exit. */
  closeNow(): void;
}

export interface JsonDocumentOptions {
  /** The file-system calls of a write (tests make them fail). */
  fs?: WriteFs;
  /** How often a failing store tries writing again. */
  retryMs?: number;
}

const RETRY_MS = 5_000;

interface PendingWrite {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: StorageError) => void;
  undos: (() => void)[];
}

function pendingWrite(): PendingWrite {
  let resolve!: () => void;
  let reject!: (error: StorageError) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject, undos: [] };
}

/**
 * Many requests at once each ask for a write; serialising the whole file for every one of them
 * would stall the process. A write already waiting to start is shared, since it will hold the
 * latest data anyway.
 */
class CoalescingDocument implements JsonDocument {
  private inFlight?: PendingWrite;
  private next?: PendingWrite;
  private state: StorageHealth = { ok: true };
  private readonly listeners: ((health: StorageHealth) => void)[] = [];
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly db: Low<Data>,
    readonly file: string,
    private readonly lock: FileLock,
    private readonly retryMs: number,
  ) {}

  get data(): Data {
    return this.db.data;
  }

  get health(): StorageHealth {
    return this.state;
  }

  onHealthChange(listener: (health: StorageHealth) => void): void {
    this.listeners.push(listener);
  }

  write(undo?: () => void): Promise<void> {
    if (!this.next && this.inFlight) this.next = pendingWrite();
    const target = this.next ?? this.start(pendingWrite());
    if (undo) target.undos.push(undo);
    return target.promise;
  }

  closeNow(): void {
    clearInterval(this.retry);
    this.lock.releaseNow();
  }

  async close(): Promise<void> {
    clearInterval(this.retry);
    this.retry = undefined;
    while (this.inFlight) await this.inFlight.promise.catch(() => undefined);
    await this.lock.release();
  }

  private start(pending: PendingWrite): PendingWrite {
    this.inFlight = pending;
    this.db.write().then(
      () => this.finish(pending),
      (error: unknown) => this.finish(pending, toStorageError(this.file, error)),
    );
    return pending;
  }

  private finish(pending: PendingWrite, problem?: StorageError): void {
    this.inFlight = undefined;
    if (problem) for (const undo of pending.undos) undo();
    // The next write starts before any listener runs: a listener that writes then queues behind it.
    const next = this.next;
    this.next = undefined;
    if (next) this.start(next);
    if (problem) {
      this.failing(problem);
      pending.reject(problem);
    } else {
      this.working();
      pending.resolve();
    }
  }

  private failing(problem: StorageError): void {
    if (!this.state.ok) {
      this.state = { ...this.state, problem };
      return;
    }
    this.state = { ok: false, problem, since: Date.now() };
    this.retry = setInterval(() => void this.write().catch(() => undefined), this.retryMs);
    this.retry.unref();
    this.tell();
  }

  private working(): void {
    if (this.state.ok) return;
    clearInterval(this.retry);
    this.retry = undefined;
    this.state = { ok: true };
    this.tell();
  }

  private tell(): void {
    for (const listener of this.listeners) listener(this.state);
  }
}

/**
 * Opens the data file for this process alone (see lockDataFile), migrating it if it is older.
 * A file that cannot be used is left as it is and the bot does not start (StoreStartError).
 */
export async function openJsonDocument(file: string, options: JsonDocumentOptions = {}): Promise<JsonDocument> {
  let lock: FileLock;
  try {
    await mkdir(dirname(file), { recursive: true });
    lock = await lockDataFile(file);
  } catch (error) {
    if (error instanceof StoreStartError) throw error;
    throw new StoreUnwritableError(file, toStorageError(file, error));
  }
  try {
    const db = await readData(file, options.fs);
    return new CoalescingDocument(db, file, lock, options.retryMs ?? RETRY_MS);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function readData(file: string, fs?: WriteFs): Promise<Low<Data>> {
  const adapter = new DurableJsonFile<Data>(file, fs);
  const db = new Low<Data>(adapter, emptyData());
  const existed = existsSync(file);
  let raw: unknown;
  try {
    raw = await adapter.read();
  } catch (error) {
    throw new StoreUnreadableError(file, whyUnreadable(error));
  }
  const problem = existed ? shapeProblem(raw) : undefined;
  if (problem) throw new StoreUnreadableError(file, problem);
  const versionFound = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  db.data = migrate((raw ?? emptyData()) as Record<string, unknown>);
  const migratedProblem = migratedShapeProblem(db.data);
  if (migratedProblem) throw new StoreUnreadableError(file, migratedProblem);
  // A new or migrated file is written at once; one already current is not rewritten just for starting.
  if (!existed || versionFound !== db.data.schemaVersion) {
    await db.write().catch((error: unknown) => {
      throw new StoreUnwritableError(file, toStorageError(file, error));
    });
  }
  return db;
}

/** The adapter's SyntaxError already says what is wrong with the text; other errors come from reading. */
const whyUnreadable = (error: unknown): string => (error instanceof SyntaxError ? error.message : (error as Error).message);
