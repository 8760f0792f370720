import type pg from 'pg';
import { DeadlineError, type RequestDeadline } from '../deadline.js';
import { StorageError } from '../storage-error.js';
import { DatabaseStorageError, isRuleViolation } from './database-error.js';

/** statement_timeout and lock_timeout. */
const STOPPED_BY_TIMEOUT = new Set(['57014', '55P03']);

export interface Db {
  /** Rows of a statement that only reads. */
  read<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Rows of a statement that writes. */
  write<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs writes that may break a unique rule, so that the violation (thrown as it is, for the
   * repository to name) leaves an enclosing transaction usable.
   */
  guarded<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `undo` when the enclosing transaction is rolled back (outside one, never). */
  onRollback(undo: () => void): void;
}

const NUL = '\u0000';
const stripNul = (_key: string, value: unknown) => (typeof value === 'string' && value.includes(NUL) ? value.replaceAll(NUL, '') : value);

/**
 * PostgreSQL text and JSONB cannot hold the NUL character, which only ever arrives in garbage
 * input: it is dropped from what is stored and looked up (records go as JSON text).
 */
function withoutNul(param: unknown): unknown {
  if (typeof param === 'string') return param.includes(NUL) ? param.replaceAll(NUL, '') : param;
  if (Array.isArray(param)) return param.map(withoutNul);
  if (param === null || typeof param !== 'object' || param instanceof Date) return param;
  return jsonText(param);
}

/** JSON text for a jsonb parameter, NUL characters dropped (see withoutNul). */
export function jsonText(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? JSON.stringify(value, stripNul) : json;
}

/** What the store learns from each statement, for its health. */
export interface DbObserver {
  wrote(): void;
  failed(problem: StorageError): void;
}

type Client = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Statements on the pool (each its own unit) or on one transaction's client. An error that is
 * not a broken rule becomes a DatabaseStorageError naming the cause in plain words.
 */
export class SqlDb implements Db {
  private savepoints = 0;
  private readonly undos: (() => void)[] = [];

  constructor(
    private readonly client: Client,
    /** host:port/name */
    private readonly location: string,
    private readonly observer: DbObserver,
    private readonly inTransaction: boolean,
    /** A transaction of a request before its answer: no statement starts once this has passed. */
    private readonly deadline?: RequestDeadline,
  ) {}

  read<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.run<R>(text, params, false);
  }

  write<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.run<R>(text, params, true);
  }

  onRollback(undo: () => void): void {
    if (this.inTransaction) this.undos.push(undo);
  }

  /** Takes back, last first, what the rolled-back transaction set on the caller's objects. */
  rolledBack(): void {
    for (const undo of this.undos.splice(0).reverse()) undo();
  }

  async guarded<T>(work: () => Promise<T>): Promise<T> {
    if (!this.inTransaction) return work();
    const name = `guard_${++this.savepoints}`;
    await this.run(`SAVEPOINT ${name}`, [], false);
    try {
      const result = await work();
      await this.run(`RELEASE SAVEPOINT ${name}`, [], false);
      return result;
    } catch (error) {
      if (isRuleViolation(error)) await this.run(`ROLLBACK TO SAVEPOINT ${name}`, [], false);
      throw error;
    }
  }

  private async run<R>(text: string, params: readonly unknown[], writes: boolean): Promise<R[]> {
    if (this.deadline?.passed) throw this.late();
    await this.unboundOnceAnswered();
    try {
      const result = await this.client.query(text, params.map(withoutNul));
      if (writes && !this.inTransaction) this.observer.wrote();
      return result.rows as R[];
    } catch (error) {
      // A request's statements are stopped by the server at its deadline (inBoundedTransaction):
      // that is the deadline passing, whichever side noticed first.
      if (this.bounded && STOPPED_BY_TIMEOUT.has((error as { code?: string }).code ?? '')) throw this.late();
      throw this.storageError(error);
    }
  }

  /** Whether this transaction's statements still carry the request's short timeouts (SET LOCAL at its start). */
  private get bounded(): boolean {
    return this.deadline !== undefined && this.inTransaction && !this.unbound;
  }

  private unbound = false;

  /**
   * Once the request's answer went out, the rest of its transaction is the store's as any work:
   * the short timeouts set at its start give way to the connection's own.
   */
  private async unboundOnceAnswered(): Promise<void> {
    if (!this.bounded || this.deadline!.remainingMs() !== Number.POSITIVE_INFINITY) return;
    this.unbound = true;
    await this.client.query('SET LOCAL statement_timeout = DEFAULT; SET LOCAL lock_timeout = DEFAULT');
  }

  /** The request's time is up: said in the words people read, and counted as a storage failure (the admins hear of it). */
  late(): DeadlineError {
    const problem = lateAnswer(this.location);
    this.observer.failed(problem);
    return problem;
  }

  storageError(error: unknown): unknown {
    if (isRuleViolation(error) || error instanceof StorageError) return error;
    const problem = new DatabaseStorageError(this.location, error);
    this.observer.failed(problem);
    return problem;
  }
}

export const lateAnswer = (location: string): DeadlineError =>
  new DeadlineError(`the database at ${location}`, `the database at ${location} did not answer in time`);

/** Sets the stored version on the caller's object; a rolled-back transaction puts the old one back. */
export function setVersion(db: Db, target: { version?: number }, version: number): void {
  const before = target.version;
  target.version = version;
  db.onRollback(() => {
    target.version = before;
  });
}
