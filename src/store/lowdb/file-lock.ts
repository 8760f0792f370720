import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { type FileHandle, link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { StoreStartError } from '../start-errors.js';

/** Who holds a data file: written into `<data file>.lock`. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface FileLock {
  readonly path: string;
  /** Removes the lock file, if it is still this process's. */
  release(): Promise<void>;
  /** The same at once, for a process about to exit. */
  releaseNow(): void;
}

export class DataFileLockedError extends StoreStartError {}

/** Lock files this process holds: a lock naming this process's pid is stale unless listed here. */
const heldHere = new Set<string>();
/** Attempts to take a lock within this process, one at a time, so `heldHere` is always current. */
const attempts = new Map<string, Promise<unknown>>();

/** A lock file without a holder yet (its starter is still writing it) is read again, this many times, this far apart. */
const PARTIAL_LOCK_READS = 10;
const PARTIAL_LOCK_WAIT_MS = 50;

/**
 * Makes sure one bot at a time uses a data file. The lock file is created only if absent, so of
 * two starters one wins. A lock left by a process that died on this host is taken over; one
 * from another host never is, since this host cannot tell whether that bot still runs.
 */
export async function lockDataFile(file: string): Promise<FileLock> {
  const key = resolve(`${file}.lock`);
  const attempt = (attempts.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => takeLock(file));
  attempts.set(key, attempt);
  try {
    return await attempt;
  } finally {
    if (attempts.get(key) === attempt) attempts.delete(key);
  }
}

async function takeLock(file: string): Promise<FileLock> {
  const path = `${file}.lock`;
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() } satisfies LockHolder);
  let partialReads = 0;
  for (;;) {
    if (await createExclusive(path, mine)) {
      heldHere.add(resolve(path));
      return { path, release: () => release(path, mine), releaseNow: () => releaseNow(path, mine) };
    }
    const found = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found === undefined) continue;
    const holder = parseHolder(found);
    if (!holder) {
      if (++partialReads > PARTIAL_LOCK_READS) {
        throw new DataFileLockedError(
          `The data file ${file} has a lock file ${path} that cannot be read. If no other bot uses ${file}, delete ${path} and start again.`,
        );
      }
      await new Promise((r) => setTimeout(r, PARTIAL_LOCK_WAIT_MS));
      continue;
    }
    if (!isStale(path, holder)) throw new DataFileLockedError(heldMessage(file, path, holder));
    await moveStaleAway(path, found);
  }
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? { pid: value.pid, host: value.host, startedAt: String(value.startedAt ?? '') }
      : undefined;
  } catch {
    return undefined;
  }
}

function isStale(path: string, holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  // A restarted container often gets the pid its previous run had.
  if (holder.pid === process.pid) return !heldHere.has(resolve(path));
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes a stale lock file out of the way. Two starters may both have read the same stale lock;
 * the one that renames second may be moving the first one's fresh lock, so the content moved is
 * compared with the stale one read, and a lock that is not the stale one is put back.
 */
async function moveStaleAway(path: string, staleContent: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== staleContent) {
    await link(aside, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  await unlink(aside);
}

async function release(path: string, mine: string): Promise<void> {
  heldHere.delete(resolve(path));
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === mine) await unlink(path).catch(() => undefined);
}

function releaseNow(path: string, mine: string): void {
  heldHere.delete(resolve(path));
  try {
    if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
  } catch {
    // Gone already, or not readable: nothing of ours to remove.
  }
}

function heldMessage(file: string, path: string, holder: LockHolder): string {
  const since = holder.startedAt ? `, running since ${holder.startedAt}` : '';
  if (holder.host === hostname()) {
    return `The data file ${file} is in use by another bot: process ${holder.pid} on this host (${holder.host})${since}. Stop that bot first or give this one another DATA_FILE; if no bot runs as process ${holder.pid}, delete ${path} and start again.`;
  }
  return `The data file ${file} is locked by a bot on host ${holder.host} (process ${holder.pid}${since}). Only one bot may use a data file; if ${holder.host} no longer runs the bot, delete ${path} and start again.`;
}
