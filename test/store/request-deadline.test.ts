import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeadlineError, RequestDeadline } from '../../src/store/deadline.js';
import { openLowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import type { Store } from '../../src/store/repositories.js';
import type { AuditEntry } from '../../src/store/schema.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { TEST_DATABASE_URL } from '../support/pg-schema.js';
import { until } from '../support/until.js';
import { type OpenedStore, storeFactories } from './factories.js';

/**
 * What a Slack request's deadline does to the store (Store.bounded, atomically's deadline):
 * work past it is refused and taken back for good; once the answer went out, nothing is bounded.
 */
const entry = (target: string): AuditEntry => ({ at: '2026-12-07T12:00:00.000Z', user: 'U1', action: 'register', target });
const passedDeadline = () => RequestDeadline.after(0);

describe.each(storeFactories)('a request deadline on the $kind store', (factory) => {
  let skip: string | undefined;
  let opened: OpenedStore;
  let store: Store;

  beforeAll(async () => {
    skip = await factory.unavailable();
  });
  beforeEach(async (context) => {
    if (skip) return context.skip();
    opened = await factory.open();
    store = opened.store;
  });
  afterEach(async () => {
    if (!skip) await opened.dispose();
  });

  it('refuses a unit of writes, and a lone write, once the deadline has passed, and keeps nothing of them', async () => {
    const deadline = passedDeadline();
    await expect(store.atomically((tx) => tx.audit.add(entry('+1')), { deadline })).rejects.toBeInstanceOf(DeadlineError);
    await expect(store.bounded(deadline).audit.add(entry('+2'))).rejects.toBeInstanceOf(DeadlineError);
    await expect(store.bounded(deadline).atomically((tx) => tx.audit.add(entry('+3')))).rejects.toBeInstanceOf(DeadlineError);
    await store.flush();
    expect(await store.audit.recent(10)).toEqual([]);
  });

  it('bounds nothing once the answer went out: the request goes on storing after its ack', async () => {
    const deadline = passedDeadline();
    deadline.answered();
    const request = store.bounded(deadline);
    await request.audit.add(entry('+1'));
    await request.atomically((tx) => tx.audit.add(entry('+2')));
    expect((await store.audit.recent(10)).map((e) => e.target)).toEqual(['+1', '+2']);
  });

  it('is the store itself to whoever asks what it is: kind, place, batch size, health, and its writes flushed with the store', async () => {
    const request = store.bounded(RequestDeadline.after(5_000));
    expect([request.kind, request.location, request.batchSize, request.health]).toEqual([store.kind, store.location, store.batchSize, store.health]);
    await request.audit.add(entry('+1'));
    await request.flush();
    const heard: unknown[] = [];
    request.onHealthChange((health) => heard.push(health));
    expect(request.bounded(RequestDeadline.after(5_000)).kind).toBe(store.kind);
    expect((await store.audit.recent(10)).map((e) => e.target)).toEqual(['+1']);
    expect(heard).toEqual([]);
  });

  it('names the cause in words a person reads', async () => {
    const error = await store.atomically((tx) => tx.audit.add(entry('+1')), { deadline: passedDeadline() }).catch((e: unknown) => e);
    expect((error as DeadlineError).plainCause).toMatch(/could not be written in time|did not answer in time|no connection in time/);
  });
});

describe('a request deadline on the data file whose write hangs', () => {
  let folder: string;
  let disk: FaultyDisk;
  let store: Store;
  const file = () => join(folder, 'db.json');
  const onDisk = async () => JSON.parse(await readFile(file(), 'utf8')) as { audit: AuditEntry[] };

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'deadline-'));
    disk = new FaultyDisk();
    store = await openLowdbStore(file(), { fs: disk, retryMs: 60_000 });
  });
  afterEach(async () => {
    disk.answer();
    await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('takes the unit back at the deadline; the write that held it never replaces the file, and what others stored with it still lands', async () => {
    disk.hang();
    const request = store.atomically((tx) => tx.audit.add(entry('+request')), { deadline: RequestDeadline.after(100) });
    // A background job's write shares the same file write.
    const job = store.atomically((tx) => tx.audit.add(entry('+job')));
    await expect(request).rejects.toBeInstanceOf(DeadlineError);
    expect((await store.audit.recent(10)).map((e) => e.target)).toEqual(['+job']);

    disk.answer();
    await job;
    await store.flush();
    expect((await onDisk()).audit.map((e) => e.target)).toEqual(['+job']);
    expect(store.health.ok).toBe(true);
  });

  it('takes back a lone write of a request the same way', async () => {
    disk.hang();
    const deadline = RequestDeadline.after(100);
    await expect(store.bounded(deadline).audit.add(entry('+request'))).rejects.toBeInstanceOf(DeadlineError);
    disk.answer();
    await store.flush();
    expect((await onDisk()).audit).toEqual([]);
    expect(await store.audit.recent(10)).toEqual([]);
  });
});

describe('a request deadline on PostgreSQL whose table is locked', () => {
  const postgres = storeFactories.find((f) => f.kind === 'postgres')!;
  let skip: string | undefined;
  let opened: OpenedStore;

  beforeAll(async () => {
    skip = await postgres.unavailable();
  });
  beforeEach(async (context) => {
    if (skip) return context.skip();
    opened = await postgres.open();
  });
  afterEach(async () => {
    if (!skip) await opened.dispose();
  });

  /** The store's schema, and two more connections to the database: one to hold locks, one to watch who waits on them. */
  async function withLocker(work: (session: { schema: string; locker: pg.Client; watcher: pg.Client; lockerPid: number }) => Promise<void>): Promise<void> {
    const schema = (opened.store as unknown as { pool: { options: { options?: string } } }).pool.options.options?.match(/search_path="?([^"\s]+)/)?.[1];
    expect(schema).toBeDefined();
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await watcher.connect();
    try {
      const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await work({ schema: schema!, locker, watcher, lockerPid });
    } finally {
      await locker.end();
      await watcher.end();
    }
  }

  it('rejects by the deadline, rolls the transaction back, and never commits it once the lock ends', async () => {
    await withLocker(async ({ schema, locker, watcher, lockerPid }) => {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${quoteIdentifier(schema)}.audit IN EXCLUSIVE MODE`);
      const startedAt = Date.now();
      const request = opened.store.atomically((tx) => tx.audit.add(entry('+request')), { deadline: RequestDeadline.after(300) }).catch((e: unknown) => e);
      let waiting: number[] = [];
      await until(async () => {
        waiting = (await watcher.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockerPid])).rows.map(
          (r) => r.pid,
        );
        return waiting.length > 0;
      });
      expect(await request).toBeInstanceOf(DeadlineError);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      await locker.query('ROLLBACK');
      // Whatever the abandoned transaction still ran ends in a ROLLBACK: its row never appears.
      await until(
        async () => (await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1) AND state IS DISTINCT FROM 'idle'`, [waiting])).rowCount === 0,
      );
      expect(await opened.store.audit.recent(10)).toEqual([]);
      await opened.store.audit.add(entry('+after'));
      expect((await opened.store.audit.recent(10)).map((e) => e.target)).toEqual(['+after']);
    });
  });

  it("gives up a request's lone read at its deadline while a lock holds the table, and reads again once the lock ends", async () => {
    await withLocker(async ({ schema, locker }) => {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${quoteIdentifier(schema)}.customers IN ACCESS EXCLUSIVE MODE`);
      const startedAt = Date.now();
      const read = opened.store
        .bounded(RequestDeadline.after(300))
        .customers.list()
        .catch((e: unknown) => e);
      expect(await read).toBeInstanceOf(DeadlineError);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      await locker.query('ROLLBACK');
      expect(await opened.store.bounded(RequestDeadline.after(2_000)).customers.list()).toEqual([]);
    });
  });

  it('once the answer went out mid-transaction, the rest of it waits on a lock as long as any work does', async () => {
    await withLocker(async ({ schema, locker, watcher, lockerPid }) => {
      const deadline = RequestDeadline.after(1_000);
      const startedAt = Date.now();
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const request = opened.store.atomically(
        async (tx) => {
          await tx.audit.add(entry('+before the answer'));
          // The answer goes out; meanwhile another connection holds the table longer than the request's bound.
          deadline.answered();
          await locker.query('BEGIN');
          await locker.query(`LOCK TABLE ${quoteIdentifier(schema)}.customers IN ACCESS EXCLUSIVE MODE`);
          locked();
          await tx.customers.list();
          await tx.audit.add(entry('+after the answer'));
        },
        { deadline },
      );
      await isLocked;
      await until(async () => (await watcher.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockerPid])).rowCount! > 0);
      // The lock outlasts the bound the transaction started with; it still waits rather than failing.
      await until(() => Date.now() - startedAt > 1_300);
      await locker.query('ROLLBACK');
      await request;
      expect((await opened.store.audit.recent(10)).map((e) => e.target)).toEqual(['+before the answer', '+after the answer']);
    });
  });
});
