import { pino } from 'pino';
import type { SecretRegistry } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Fields named like a code or a credential are dropped whatever they hold; `errorCode` is Twilio's error number. */
const SECRET_FIELD = /code$|token|secret|password|authorization/i;
/** Nested fields are followed this deep; deeper ones are cut rather than walked for ever. */
const MAX_DEPTH = 5;

const writeToStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * A logger that writes one JSON object per line (pino: `level`, `time`, `msg`, then the fields)
 * and never prints a secret: every secret and code the registry knows is replaced in the message
 * and in every field (errors included), and fields named like a code or a token are dropped.
 * The whole line is scrubbed once more before it is written.
 */
export function createLogger(secrets: SecretRegistry, write: (line: string) => void = writeToStderr, level: LogLevel = 'info'): Logger {
  const destination = { write: (chunk: string) => write(secrets.scrub(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk)) };
  const out = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const emit = (method: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
    if (!out.isLevelEnabled(method)) return;
    const safe = fields ? (clean(fields, secrets, 0) as Record<string, unknown>) : undefined;
    if (safe && Object.keys(safe).length > 0) out[method](safe, secrets.scrub(message));
    else out[method](secrets.scrub(message));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A copy of a field's value fit for a log line: strings scrubbed, errors as their name, message and stack, secret-named keys gone. */
function clean(value: unknown, secrets: SecretRegistry, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const code = (value as { code?: unknown }).code;
    return clean({ name, message, stack, ...(code === undefined ? {} : { errorCode: code }) }, secrets, depth);
  }
  if (Array.isArray(value)) return value.map((item) => clean(item, secrets, depth + 1));
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => !SECRET_FIELD.test(key) || key === 'errorCode');
  return Object.fromEntries(entries.map(([key, item]) => [key, clean(item, secrets, depth + 1)]));
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
