import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import { DuplicateRegistrationError, type StorageHealth, type Store } from '../../src/store/repositories.js';
import type { SenderRecord } from '../../src/store/schema.js';
import { StoreStartError } from '../../src/store/start-errors.js';
import { StorageError } from '../../src/store/storage-error.js';
import { dropFreshSchemas, freshSchema, TEST_DATABASE_URL, testDatabaseProblem } from '../support/pg-schema.js';
import { senderRecord } from '../support/sender-record.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { until } from '../support/until.js';

const problem = await testDatabaseProblem();
if (problem) console.warn(`PostgreSQL store tests skipped: ${problem}`);

const opened: Store[] = [];
const open = async (schema: string, url = TEST_DATABASE_URL, retryMs = 5_000) => {
  const store = await openPostgresStore(url, { logger: silentLogger, schema, max: 3, retryMs });
  opened.push(store);
  return store;
};

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});
afterAll(dropFreshSchemas);

const sender = (id: string, phoneNumber = '+14155550100', accountSid = 'AC00000000000000000000000000000001'): SenderRecord =>
  senderRecord({ id, accountSid, phoneNumber, path: 'twilio_sms', profile: { name: 'Acme' }, queuedAt: '2026-01-01T00:00:00.000Z' });

describe.skipIf(problem)('PostgreSQL store', () => {
  it('applies each migration once when several bots start on one database at the same time', async () => {
    const { schema } = freshSchema();
    await Promise.all([open(schema), open(schema), open(schema)]);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT name, count(*)::int AS n FROM ${quoteIdentifier(schema)}.schema_migrations GROUP BY name`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.n === 1)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('tells /readyz which migrations of this release the database lacks (none once opened)', async () => {
    const { schema } = freshSchema();
    const store = await open(schema);
    expect(await store.pendingMigrations()).toEqual([]);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT name FROM ${quoteIdentifier(schema)}.schema_migrations ORDER BY run_on DESC, id DESC LIMIT 1`);
      await client.query(`DELETE FROM ${quoteIdentifier(schema)}.schema_migrations WHERE name = $1`, [rows[0].name]);
      expect(await store.pendingMigrations()).toEqual([rows[0].name]);
    } finally {
      await client.end();
    }
  });

  it('refuses a second registration of a number in play, sent by two processes at once', async () => {
    const { schema } = freshSchema();
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const outcomes = await Promise.allSettled([a.senders.insert(sender('one')), b.senders.insert(sender('two'))]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DuplicateRegistrationError);
    // Once that registration failed, the number may be registered again.
    const kept = (await a.senders.findActive(sender('x').accountSid, '+14155550100'))!;
    await a.senders.save({ ...kept, state: 'failed' });
    await b.senders.insert(sender('three'));
    expect((await a.senders.findBySidOrPhone('+14155550100'))?.id).toBe('three');
  });

  it('gives one create turn per interval per account to processes asking at once', async () => {
    const { schema } = freshSchema();
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const now = Date.parse('2026-01-01T00:00:00Z');
    const turns = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).accounts.takeTurn('AC1', now, 180_000)));
    expect(turns.filter(Boolean)).toHaveLength(1);
    expect(await a.accounts.takeTurn('AC1', now + 179_000, 180_000)).toBe(false);
    expect(await b.accounts.takeTurn('AC1', now + 180_000, 180_000)).toBe(true);
  });

  it('keeps one waiting refresh of a sender message when two processes ask for it at once', async () => {
    const { schema } = freshSchema();
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    await Promise.all([
      a.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1' }, 0),
      b.outbox.enqueue({ kind: 'refresh_sender_message', senderId: 's1', note: 'Code resent' }, 0),
    ]);
    expect(await a.outbox.waiting()).toHaveLength(1);
  });

  it('saves a batch of senders in one go, skipping the one another process changed meanwhile', async () => {
    const { schema } = freshSchema();
    const [poller, person] = await Promise.all([open(schema), open(schema)]);
    for (const [i, id] of ['a', 'b', 'c'].entries()) await poller.senders.insert(sender(id, `+1415555010${i}`));
    const read = await poller.senders.list();
    const clicked = (await person.senders.get('b'))!;
    await person.senders.save({ ...clicked, state: 'abandoned' });

    const checked = read.map((record) => ({ ...record, status: 'ONLINE', state: 'online' as const }));
    expect(await poller.senders.saveAll(checked)).toEqual(['b']);
    expect(checked.map((record) => record.version)).toEqual([2, 1, 2]);
    expect((await poller.senders.list()).map((record) => record.state)).toEqual(['online', 'abandoned', 'online']);
    expect((await poller.senders.tally()).byStatus.get('ONLINE\u0000unknown')?.count).toBe(2);
  });

  it('finds senders by display name or asked name, also after a batch save changes the asked name', async () => {
    const store = await open(freshSchema().schema);
    await store.senders.insert({ ...sender('named'), profile: { name: '  Acme Store ' } });
    await store.senders.insert(sender('other', '+14155550109'));
    expect((await store.senders.withNames(['acme store'])).map((r) => r.id)).toEqual(['named']);
    const named = (await store.senders.get('named'))!;
    expect(await store.senders.saveAll([{ ...named, nameChange: { name: 'Acme Market' } }])).toEqual([]);
    expect((await store.senders.withNames(['acme market', 'nobody'])).map((r) => r.id)).toEqual(['named']);
  });

  it('takes garbage with NUL characters (which PostgreSQL text cannot hold) without failing', async () => {
    const store = await open(freshSchema().schema);
    await store.senders.insert({ ...sender('nul'), profile: { name: 'Acme\u0000 Store' } });
    expect((await store.senders.get('nul'))?.profile.name).toBe('Acme Store');
    expect(await store.senders.get('\u0000\u0001')).toBeUndefined();
    expect(await store.customers.find('\u0000')).toBeUndefined();
  });

  it('stores nothing of a transaction whose work fails, and goes on after a refused duplicate inside one', async () => {
    const store = await open(freshSchema().schema);
    await expect(
      store.atomically(async (tx) => {
        await tx.senders.insert(sender('lost', '+14155550111'));
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await store.senders.get('lost')).toBeUndefined();

    await store.senders.insert(sender('first'));
    await store.atomically(async (tx) => {
      await expect(tx.senders.insert(sender('second'))).rejects.toBeInstanceOf(DuplicateRegistrationError);
      await tx.audit.add({ at: '2026-01-01T00:00:00.000Z', user: 'U0ALICE', action: 'register' });
    });
    expect(await store.audit.recent(5)).toHaveLength(1);
  });

  it('says in plain words that the database does not answer, and tells when it works again', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(TEST_DATABASE_URL).port || 5432));
    const url = new URL(TEST_DATABASE_URL);
    url.port = String(await proxy.start());
    const store = await open(freshSchema().schema, url.toString(), 50);
    const changes: StorageHealth[] = [];
    store.onHealthChange((health) => changes.push(health));
    await store.senders.insert(sender('before'));

    await proxy.cut();
    const error = await store.senders.insert(sender('during', '+14155550122')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).plainCause).toMatch(
      /^(the database at 127\.0\.0\.1:\d+\/\w+ does not answer|the connection to the database at .* was lost)$/,
    );
    expect(store.health.ok).toBe(false);

    await proxy.restore();
    await until(() => store.health.ok, 10_000, 'the store to work again');
    expect(changes.map((h) => h.ok)).toEqual([false, true]);
    expect((await store.senders.get('before'))?.id).toBe('before');
    await proxy.cut();
  });

  it('does not start on a database that does not answer, and says which and what to do', async () => {
    const error = await openPostgresStore('postgres://postgres@127.0.0.1:1/senders', { logger: silentLogger, connectMs: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreStartError);
    expect((error as Error).message).toBe(
      'The bot cannot start: the database at 127.0.0.1:1/senders does not answer. Check that PostgreSQL is running and reachable from the bot, then start the bot again.',
    );
  });
});
