import type pg from 'pg';
import { DeadlineError, type RequestDeadline, whenPassed } from '../deadline.js';
import { holdConnection } from './connection.js';
import { type Db, type DbObserver, SqlDb } from './db.js';

/**
 * Where a request's statements run: the pool, the database's address (for messages), who hears
 * of failures; `readPool` serves its lone reads (see readBy).
 */
export interface BoundedTarget {
  pool: pg.Pool;
  readPool: pg.Pool;
  location: string;
  observer: DbObserver;
}

const TIMED_OUT = Symbol('timed out');

/** The work's outcome, or TIMED_OUT once the deadline passed first (the work goes on). */
async function byDeadline<T>(work: Promise<T>, deadline: RequestDeadline): Promise<T | typeof TIMED_OUT> {
  const passed = whenPassed(deadline);
  try {
    return await Promise.race<T | typeof TIMED_OUT>([work, passed.promise.then(() => TIMED_OUT)]);
  } finally {
    passed.cancel();
  }
}

/**
 * A connection from the pool within the time left; past it the request gives up, and the
 * connection, when the pool gives it later, goes straight back.
 */
async function connectBy(target: BoundedTarget, deadline: RequestDeadline): Promise<pg.PoolClient> {
  const noConnection = () => {
    const problem = new DeadlineError(`the database at ${target.location}`, `the database at ${target.location} gave the bot no connection in time`);
    target.observer.failed(problem);
    return problem;
  };
  if (deadline.passed) throw noConnection();
  const connecting = target.pool.connect();
  let client: pg.PoolClient | typeof TIMED_OUT;
  try {
    client = await byDeadline(connecting, deadline);
  } catch (error) {
    throw new SqlDb(target.pool, target.location, target.observer, false).storageError(error);
  }
  if (client !== TIMED_OUT) return client;
  connecting.then(
    (late) => late.release(),
    () => undefined,
  );
  throw noConnection();
}

/**
 * Runs `work` in a transaction that ends by the request's deadline, whatever the database does:
 * the connection is waited for only as long as time is left; every statement, lock wait
 * included, is stopped by the server once the time left at the start has passed (SET LOCAL
 * statement_timeout and lock_timeout); no statement starts past the deadline; and the COMMIT is
 * sent only while time is left. Past the deadline the caller gets a DeadlineError at once; the
 * transaction is rolled back as soon as its running statement ends, and is never committed.
 * A COMMIT already sent is waited for: the database's answer says whether the work is stored.
 */
export async function inBoundedTransaction<T>(target: BoundedTarget, deadline: RequestDeadline, work: (db: SqlDb) => Promise<T>): Promise<T> {
  const client = await connectBy(target, deadline);
  const release = holdConnection(client);
  const tx = new SqlDb(client, target.location, target.observer, true, deadline);
  const running = (async () => {
    const ms = Math.ceil(deadline.remainingMs());
    // Answered meanwhile: the transaction is bound by the connection's own timeouts.
    await tx.write(Number.isFinite(ms) ? `BEGIN; SET LOCAL statement_timeout = ${ms}; SET LOCAL lock_timeout = ${ms}` : 'BEGIN');
    return work(tx);
  })();
  const finish = async () => {
    let broken: Error | undefined;
    await client.query('ROLLBACK').catch((error: Error) => {
      broken = error;
    });
    tx.rolledBack();
    // A connection that could not even roll back is closed rather than handed to the next caller.
    release(broken);
  };
  let result: T | typeof TIMED_OUT;
  try {
    result = await byDeadline(running, deadline);
  } catch (error) {
    await finish();
    throw error;
  }
  if (result === TIMED_OUT) {
    // The statement still running ends by its timeout on the server (or when the connection
    // breaks); nothing starts after it but the ROLLBACK.
    void running.then(finish, finish);
    tx.rolledBack();
    throw tx.late();
  }
  if (!deadline.beginCommit()) {
    await finish();
    throw tx.late();
  }
  try {
    await client.query('COMMIT');
  } catch (error) {
    deadline.endCommit(false);
    await finish();
    throw tx.storageError(error);
  }
  deadline.endCommit(true);
  release();
  return result;
}

/**
 * A lone read of a request before its answer, in one round trip: on the read pool, whose
 * connections' own statement timeout stops any statement once Slack no longer waits for the
 * answer (REQUEST_READ_MS), instead of a transaction of its own with SET LOCAL (three round trips
 * for one read). The request stops waiting at its deadline; the connection goes back to the pool
 * when the statement ends.
 */
async function readBy<R>(target: BoundedTarget, deadline: RequestDeadline, text: string, params: readonly unknown[]): Promise<R[]> {
  const client = await connectBy({ ...target, pool: target.readPool }, deadline);
  const release = holdConnection(client);
  const db = new SqlDb(client, target.location, target.observer, false);
  const reading = db.read<R>(text, params);
  let rows: R[] | typeof TIMED_OUT;
  try {
    rows = await byDeadline(reading, deadline);
  } catch (error) {
    release();
    throw error;
  }
  if (rows === TIMED_OUT) {
    void reading.then(
      () => release(),
      () => release(),
    );
    throw db.late();
  }
  release();
  return rows;
}

/**
 * Statements of a request before its answer, outside `atomically`: a read is one round trip
 * (readBy); a write is its own small transaction bounded like inBoundedTransaction (committed
 * only while time is left). Once the answer went out they run on the pool as any statement does.
 */
export class BoundedDb implements Db {
  constructor(
    private readonly target: BoundedTarget,
    private readonly plain: SqlDb,
    private readonly deadline: RequestDeadline,
  ) {}

  read<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    if (this.deadline.remainingMs() === Number.POSITIVE_INFINITY) return this.plain.read<R>(text, params);
    return readBy<R>(this.target, this.deadline, text, params);
  }

  async write<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    if (this.deadline.remainingMs() === Number.POSITIVE_INFINITY) return this.plain.write<R>(text, params);
    const rows = await inBoundedTransaction(this.target, this.deadline, (db) => db.write<R>(text, params));
    this.target.observer.wrote();
    return rows;
  }

  guarded<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  onRollback(): void {}
}
