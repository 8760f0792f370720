import type pg from 'pg';
import { DeadlineError, type RequestDeadline, whenPassed } from '../deadline.js';
import { holdConnection } from './connection.js';
import { type Db, type DbObserver, SqlDb } from './db.js';

/** Where a request's statements run: the pool, the database's address (for messages), who hears of failures. */
export interface BoundedTarget {
  pool: pg.Pool;
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
 * `commits` false: the work only reads, and the transaction is rolled back in every case.
 */
export async function inBoundedTransaction<T>(target: BoundedTarget, deadline: RequestDeadline, work: (db: SqlDb) => Promise<T>, commits: boolean): Promise<T> {
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
  if (!commits) {
    await finish();
    return result;
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
 * Statements of a request before its answer, outside `atomically`: each one is its own small
 * transaction bounded like inBoundedTransaction (a write is committed only while time is left).
 * Once the answer went out they run on the pool as any statement does.
 */
export class BoundedDb implements Db {
  constructor(
    private readonly target: BoundedTarget,
    private readonly plain: SqlDb,
    private readonly deadline: RequestDeadline,
  ) {}

  read<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    if (this.deadline.remainingMs() === Number.POSITIVE_INFINITY) return this.plain.read<R>(text, params);
    return inBoundedTransaction(this.target, this.deadline, (db) => db.read<R>(text, params), false);
  }

  async write<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    if (this.deadline.remainingMs() === Number.POSITIVE_INFINITY) return this.plain.write<R>(text, params);
    const rows = await inBoundedTransaction(this.target, this.deadline, (db) => db.write<R>(text, params), true);
    this.target.observer.wrote();
    return rows;
  }

  guarded<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  onRollback(): void {}
}
