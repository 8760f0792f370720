export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that never prints a secret: every configured secret is replaced before output,
 * and fields named like a code or a token are dropped.
 */
export function createLogger(secrets: string[], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const hidden = secrets.filter((s) => s.length >= 6);
  const scrub = (text: string) => hidden.reduce((out, secret) => out.split(secret).join('[secret]'), text);
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    const safe = fields
      ? Object.fromEntries(
          Object.entries(fields).filter(([key]) => !/code$|token|secret|password/i.test(key) || key === 'errorCode'),
        )
      : undefined;
    const line = `${new Date().toISOString()} ${level} ${message}${safe && Object.keys(safe).length ? ` ${JSON.stringify(safe)}` : ''}`;
    write(scrub(line));
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
