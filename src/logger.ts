import type { SecretRegistry } from './secrets.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that never prints a secret: every secret and code the registry knows is replaced
 * before output, and fields named like a code or a token are dropped.
 */
export function createLogger(secrets: SecretRegistry, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    const safe = fields
      ? Object.fromEntries(Object.entries(fields).filter(([key]) => !/code$|token|secret|password/i.test(key) || key === 'errorCode'))
      : undefined;
    const line = `${new Date().toISOString()} ${level} ${message}${safe && Object.keys(safe).length ? ` ${JSON.stringify(safe)}` : ''}`;
    write(secrets.scrub(line));
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
