import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';

const TOKEN = 'xoxb-live-token-0123456789';
/** A secret with characters JSON escapes: the line as written no longer holds it verbatim. */
const ODD_SECRET = 'sig"secret\\with\nbreaks';

function capture(level: LogLevel = 'info') {
  const secrets = new SecretRegistry([TOKEN, ODD_SECRET]);
  const lines: string[] = [];
  return { secrets, lines, logger: createLogger(secrets, (line) => lines.push(line), level) };
}

describe('log lines', () => {
  it('are one JSON object per line with level, time, message and fields', () => {
    const { lines, logger } = capture();
    logger.warn('could not check a sender', { id: 'r1', sid: 'XE0123', attempts: 2 });
    logger.error('poll failed\nsecond line of the message', { error: 'boom' });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ level: 'warn', msg: 'could not check a sender', id: 'r1', sid: 'XE0123', attempts: 2 });
    expect(Number.isNaN(Date.parse(first.time))).toBe(false);
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'error', msg: 'poll failed\nsecond line of the message', error: 'boom' });
  });

  it('carry no secret or code, whether in the message, a nested field, a list or an error with its stack', () => {
    const { secrets, lines, logger } = capture();
    secrets.addCode('482913');
    const failure = new Error(`Twilio refused ${TOKEN} and code 482913`);
    logger.error(`create failed with ${ODD_SECRET}`, {
      error: failure,
      request: { headers: { note: `Bearer ${TOKEN}` }, tries: [`again ${ODD_SECRET}`] },
      slackToken: 'dropped-whatever-it-holds',
      verificationCode: '111111',
      errorCode: 63110,
    });
    const line = lines[0]!;
    const parsed = JSON.parse(line);
    for (const secret of [TOKEN, ODD_SECRET, JSON.stringify(ODD_SECRET).slice(1, -1), '482913', 'dropped-whatever-it-holds', '111111']) {
      expect(line).not.toContain(secret);
    }
    expect(parsed.msg).toBe('create failed with [secret]');
    expect(parsed.error.message).toBe('Twilio refused [secret] and code [code]');
    expect(parsed.error.stack).toContain('[secret]');
    expect(parsed.request).toEqual({ headers: { note: 'Bearer [secret]' }, tries: ['again [secret]'] });
    expect(parsed.errorCode).toBe(63110);
    expect(parsed).not.toHaveProperty('slackToken');
    expect(parsed).not.toHaveProperty('verificationCode');
  });

  it('leave out what is below LOG_LEVEL', () => {
    const quiet = capture('warn');
    quiet.logger.debug('details');
    quiet.logger.info('bot ready');
    quiet.logger.warn('slow');
    expect(quiet.lines.map((l) => JSON.parse(l).msg)).toEqual(['slow']);

    const chatty = capture('debug');
    chatty.logger.debug('details', { n: 1 });
    expect(JSON.parse(chatty.lines[0]!)).toMatchObject({ level: 'debug', msg: 'details', n: 1 });

    const silent = capture('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });
});
