import { describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../../src/config.js';
import { databaseLocation } from '../../src/store/postgres/connection.js';
import { DatabaseStorageError } from '../../src/store/postgres/database-error.js';
import { cannotSave } from '../../src/views/cannot-save.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'secret-token' };

describe('DATABASE_URL', () => {
  it('keeps the data file when empty or unset', () => {
    expect(loadConfig(base).databaseUrl).toBeUndefined();
    expect(loadConfig({ ...base, DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('selects PostgreSQL, and its password is scrubbed like every other secret', () => {
    const c = loadConfig({ ...base, DATABASE_URL: 'postgres://senders:s3cr%40t-pw@db.internal:6543/senders' });
    expect(c.databaseUrl).toBe('postgres://senders:s3cr%40t-pw@db.internal:6543/senders');
    expect(secretsOf(c)).toContain('s3cr@t-pw');
    expect(databaseLocation(c.databaseUrl!)).toBe('db.internal:6543/senders');
  });

  it('names a value that is not a PostgreSQL URL', () => {
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://db/senders' })).toThrow(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/senders (empty: the data file)',
    );
  });
});

describe('a database that cannot be used, in words a person on call understands', () => {
  const said = (cause: unknown) => {
    const error = new DatabaseStorageError('db.internal:5432/senders', cause);
    return `${error.plainCause}; ${error.remedy}`;
  };
  const sqlError = (code: string, message = 'server error') => Object.assign(new Error(message), { code });

  it('tells a server that does not answer from one that refuses the bot or is full', () => {
    expect(said(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }))).toBe(
      'the database at db.internal:5432/senders does not answer; check that PostgreSQL is running and reachable from the bot',
    );
    expect(said(new Error('timeout expired'))).toBe(
      'the database at db.internal:5432/senders does not answer; check that PostgreSQL is running and reachable from the bot',
    );
    expect(said(new Error('timeout exceeded when trying to connect'))).toBe(
      'the database at db.internal:5432/senders gave the bot no connection in time (all of them busy or not answering); check that PostgreSQL is running and reachable from the bot',
    );
    expect(said(sqlError('28P01'))).toBe("the database at db.internal:5432/senders refuses the bot's user name or password; correct DATABASE_URL");
    expect(said(sqlError('3D000'))).toBe('DATABASE_URL names a database that does not exist (db.internal:5432/senders); correct DATABASE_URL');
    expect(said(sqlError('53100'))).toBe('the disk of the database at db.internal:5432/senders is full; free disk space on the database server');
    expect(said(sqlError('57P01'))).toBe(
      'the database at db.internal:5432/senders is shutting down or restarting; check that PostgreSQL is running and reachable from the bot',
    );
    expect(said(sqlError('25006'))).toBe(
      'the database at db.internal:5432/senders is read-only (a standby, not the primary); point DATABASE_URL at the primary server',
    );
  });

  it('reads the same in the answer to a person as a data file that cannot be written', () => {
    const error = new DatabaseStorageError('db.internal:5432/senders', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    expect(cannotSave(error, 'Nothing was sent to Twilio')).toBe(
      'The bot cannot save right now: the database at db.internal:5432/senders does not answer. Nothing was sent to Twilio. Try again in a few minutes; the bot admins were alerted.',
    );
  });
});
