import pg from 'pg';
import type { Logger } from '../../logger.js';
import { DatabaseStorageError } from './database-error.js';

export interface PoolSettings {
  /** Connections at most; several replicas share the server's max_connections. */
  max?: number;
  /** The schema the bot's tables live in (tests give each run its own); default `public`. */
  schema?: string;
  /** How long to wait for a connection, ms. */
  connectMs?: number;
  /** How long one statement may run on the server, ms; the client gives up a little later. */
  statementMs?: number;
}

const DEFAULTS = { max: 10, connectMs: 5_000, statementMs: 10_000 };

/** `host:port/name`: where the data lives, for messages to people; never with the password. */
export function databaseLocation(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || 'localhost';
    const port = parsed.port || '5432';
    const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return `${host}:${port}${name ? `/${name}` : ''}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * The schema DATABASE_URL names the libpq way (`?options=-c%20search_path%3Dname`), so replicas
 * and tests can share one database in separate schemas; undefined when it names none.
 */
export function schemaInUrl(url: string): string | undefined {
  try {
    const options = new URL(url).searchParams.get('options') ?? '';
    return /(?:^|\s)-c\s*search_path=([^\s,]+)/.exec(options)?.[1];
  } catch {
    return undefined;
  }
}

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A pool whose every wait is bounded: connecting, each statement on the server, each answer on
 * the client, and a transaction left idle. An idle connection that breaks is logged and
 * replaced; it never ends the process.
 */
export function openPool(url: string, logger: Logger, settings: PoolSettings = {}): pg.Pool {
  const { max, connectMs, statementMs } = { ...DEFAULTS, ...settings };
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: connectMs,
    statement_timeout: statementMs,
    query_timeout: statementMs + 2_000,
    lock_timeout: statementMs,
    idle_in_transaction_session_timeout: statementMs * 3,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'whatsapp-senders-bot',
    options: settings.schema ? `-c search_path=${quoteIdentifier(settings.schema)}` : undefined,
  });
  pool.on('error', (error) => {
    logger.warn('a database connection broke; it is replaced', { error: new DatabaseStorageError(databaseLocation(url), error).plainCause });
  });
  return pool;
}

/**
 * Keeps a connection checked out of the pool from ending the process when it breaks (the pool
 * listens only to idle ones): the break fails the statement running, and the connection is
 * closed when it is given back. Returns how to give it back.
 */
export function holdConnection(client: pg.PoolClient): (broken?: Error) => void {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  return (broken) => {
    client.removeListener('error', onError);
    client.release(broken ?? lost);
  };
}
