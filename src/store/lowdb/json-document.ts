import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DeadlineError, type RequestDeadline, whenPassed } from '../deadline.js';
import type { StorageHealth } from '../repositories.js';
import { type Data, emptyData, type SenderRecord } from '../schema.js';
import { StoreStartError, StoreUnreadableError, StoreUnwritableError } from '../start-errors.js';
import { type StorageError, toStorageError } from '../storage-error.js';
import { migratedShapeProblem, shapeProblem } from './data-shape.js';
import { DocumentText } from './document-text.js';
import { DurableJsonFile, type WriteFs, WriteWithdrawn } from './durable-json-file.js';
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
   *
   * With a `deadline` (a request before its answer) and an `undo`: when the deadline passes
   * before the write is on the disk, `undo` runs at once and the call rejects with a
   * DeadlineError. What it took back never reaches the disk: a write already holding it is
   * withdrawn before it replaces the file, and starts again with the data as it is now. A write
   * already replacing the file (its rename under way) is waited for: it decides.
   */
  write(undo?: () => void, deadline?: RequestDeadline): Promise<void>;
  /** A stored sender record's contents changed (SenderTable tells): its JSON is made again at the next write. */
  senderChanged(record: SenderRecord): void;
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

/** A change of a request that must be on the disk by its deadline, or never. */
interface BoundedChange {
  deadline: RequestDeadline;
  undo: () => void;
  /** Takes the change back and rejects its caller (the deadline passed first). */
  withdraw(): void;
}

interface PendingWrite {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: StorageError) => void;
  undos: (() => void)[];
  /** Changes this write carries that must reach the disk by their deadlines. */
  bounded: BoundedChange[];
  /** The file write began: it holds the data as it was then. */
  started: boolean;
  /** A change it holds was taken back: it must not replace the data file. */
  withdrawn: boolean;
  /** Its rename began: it is the data file now, or fails. */
  replacing: boolean;
  /** It ended (written or failed): what it carried is decided. */
  settled: boolean;
}

function pendingWrite(): PendingWrite {
  let resolve!: () => void;
  let reject!: (error: StorageError) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject, undos: [], bounded: [], started: false, withdrawn: false, replacing: false, settled: false };
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
    private readonly adapter: DurableJsonFile<Data>,
    private readonly text: DocumentText,
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

  senderChanged(record: SenderRecord): void {
    this.text.changed(record);
  }

  write(undo?: () => void, deadline?: RequestDeadline): Promise<void> {
    if (deadline?.passed) {
      undo?.();
      return Promise.reject(this.late());
    }
    if (!this.next && this.inFlight) this.next = pendingWrite();
    const target = this.next ?? this.start(pendingWrite());
    if (undo) target.undos.push(undo);
    if (!undo || !deadline || deadline.remainingMs() === Number.POSITIVE_INFINITY) return target.promise;
    return this.byDeadline(target, undo, deadline);
  }

  private byDeadline(target: PendingWrite, undo: () => void, deadline: RequestDeadline): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const passed = whenPassed(deadline);
      const change: BoundedChange = {
        deadline,
        undo,
        withdraw: () => {
          passed.cancel();
          const at = target.bounded.indexOf(change);
          if (target.settled || at < 0) return;
          target.bounded.splice(at, 1);
          const undoAt = target.undos.indexOf(undo);
          if (undoAt >= 0) target.undos.splice(undoAt, 1);
          undo();
          // A write already under way holds the change: it must not become the data file.
          if (target.started) target.withdrawn = true;
          const problem = this.late();
          this.failing(problem);
          reject(problem);
        },
      };
      target.bounded.push(change);
      void passed.promise.then(() => {
        if (!target.replacing && target.bounded.includes(change)) change.withdraw();
      });
      target.promise.then(
        () => {
          passed.cancel();
          resolve();
        },
        (error: unknown) => {
          passed.cancel();
          reject(error);
        },
      );
    });
  }

  private late(): DeadlineError {
    return new DeadlineError(this.file, 'the data file could not be written in time (the disk is slow or not answering)');
  }

  /** Asked just before the rename: withdraws the changes past their deadlines; false when the write must not replace the file. */
  private mayReplace(pending: PendingWrite): boolean {
    const begun: BoundedChange[] = [];
    for (const change of [...pending.bounded]) {
      if (change.deadline.beginCommit()) begun.push(change);
      else change.withdraw();
    }
    if (pending.withdrawn) {
      for (const change of begun) change.deadline.endCommit(false);
      return false;
    }
    pending.replacing = true;
    return true;
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
    pending.started = true;
    pending.withdrawn = false;
    this.adapter
      .write(this.db.data, () => this.mayReplace(pending))
      .then(
        () => this.finish(pending),
        (error: unknown) => {
          // Withdrawn: the data as it is now (without what was taken back) is written instead.
          if (error instanceof WriteWithdrawn) this.start(pending);
          else this.finish(pending, toStorageError(this.file, error));
        },
      );
    return pending;
  }

  private finish(pending: PendingWrite, problem?: StorageError): void {
    this.inFlight = undefined;
    pending.settled = true;
    if (pending.replacing) for (const change of pending.bounded) change.deadline.endCommit(!problem);
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
    const { db, adapter, text } = await readData(file, options.fs);
    return new CoalescingDocument(db, adapter, text, file, lock, options.retryMs ?? RETRY_MS);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function readData(file: string, fs?: WriteFs): Promise<{ db: Low<Data>; adapter: DurableJsonFile<Data>; text: DocumentText }> {
  const text = new DocumentText();
  const adapter = new DurableJsonFile<Data>(file, fs, (data) => text.of(data));
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
  return { db, adapter, text };
}

/** The adapter's SyntaxError already says what is wrong with the text; other errors come from reading. */
const whyUnreadable = (error: unknown): string => (error instanceof SyntaxError ? error.message : (error as Error).message);
