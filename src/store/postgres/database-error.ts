import { StorageError } from '../storage-error.js';

/** SQLSTATE codes that say the database is unreachable for now rather than the request being wrong. */
const SHUTTING_DOWN = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * PostgreSQL could not do what was asked: not reachable, refusing the login, out of disk, too
 * slow. Said in the same words as a data file that cannot be written, so the storage alert and
 * the "cannot save" answers stay as they are.
 */
export class DatabaseStorageError extends StorageError {
  /** SQLSTATE, or the socket error code when the server was never reached. */
  override readonly code?: string;

  /** `the database at host:port/name`. */
  readonly database: string;

  constructor(
    /** `host:port/name`, as DATABASE_URL gives it (never with its password). */
    readonly location: string,
    cause: unknown,
  ) {
    super(`the database at ${location}`, cause);
    this.database = `the database at ${location}`;
    this.code = errorCode(cause);
  }

  override get plainCause(): string {
    const code = this.code;
    if (code && UNREACHABLE.has(code)) return `${this.database} does not answer`;
    if (isPoolExhausted(this.cause)) return `${this.database} gave the bot no connection in time (all of them busy or not answering)`;
    if (isConnectTimeout(this.cause)) return `${this.database} does not answer`;
    if (code && SHUTTING_DOWN.has(code)) return `${this.database} is shutting down or restarting`;
    if (isLostConnection(this.cause)) return `the connection to ${this.database} was lost`;
    switch (code) {
      case '28P01':
      case '28000':
        return `${this.database} refuses the bot's user name or password`;
      case '3D000':
        return `DATABASE_URL names a database that does not exist (${this.location})`;
      case '53100':
        return `the disk of ${this.database} is full`;
      case '53300':
        return `${this.database} has no connections left for the bot`;
      case '57014':
        return `${this.database} did not answer in time (a statement took too long)`;
      case '25006':
        return `${this.database} is read-only (a standby, not the primary)`;
      case '42501':
        return `the bot's database user may not change the bot's tables`;
      default:
        if (isQueryTimeout(this.cause)) return `${this.database} did not answer in time`;
        return `the database fails (${(this.cause as Error | undefined)?.message ?? this.message})`;
    }
  }

  override get remedy(): string {
    switch (this.code) {
      case '28P01':
      case '28000':
      case '3D000':
        return 'correct DATABASE_URL';
      case '53100':
        return 'free disk space on the database server';
      case '53300':
        return 'raise max_connections on the database server or run fewer bots';
      case '25006':
        return 'point DATABASE_URL at the primary server';
      case '42501':
        return "grant the bot's database user the rights on its schema";
      default:
        return 'check that PostgreSQL is running and reachable from the bot';
    }
  }
}

function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  // Node reports a refused connection to every address of a host name as one AggregateError.
  const inner = (cause as { errors?: unknown[] } | undefined)?.errors?.[0];
  const innerCode = (inner as { code?: unknown } | undefined)?.code;
  return typeof innerCode === 'string' ? innerCode : undefined;
}

const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));
const isPoolExhausted = (cause: unknown) => /timeout exceeded when trying to connect/i.test(messageOf(cause));
const isConnectTimeout = (cause: unknown) => /timeout expired|connection timeout/i.test(messageOf(cause));
const isQueryTimeout = (cause: unknown) => /query read timeout/i.test(messageOf(cause));
const isLostConnection = (cause: unknown) => /connection terminated|not queryable|Client has encountered a connection error/i.test(messageOf(cause));

/**
 * Errors the database raises because the request broke a rule (a unique index, a check) are the
 * caller's to handle; everything else means the database could not be used.
 */
export const isRuleViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('23');
};

export const UNIQUE_VIOLATION = '23505';

/** The unique index a 23505 broke, so the repository can say which rule it was. */
export const violatedConstraint = (error: unknown): string | undefined =>
  (error as { code?: unknown; constraint?: string }).code === UNIQUE_VIOLATION ? (error as { constraint?: string }).constraint : undefined;
