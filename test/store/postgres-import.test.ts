import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openLowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { ImportRefusedError, importDataFile } from '../../src/store/postgres/import-data-file.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import type { SenderRecord } from '../../src/store/schema.js';
import { dropFreshSchemas, freshSchema, TEST_DATABASE_URL, testDatabaseProblem } from '../support/pg-schema.js';
import { senderRecord } from '../support/sender-record.js';

const problem = await testDatabaseProblem();
if (problem) console.warn(`PostgreSQL import tests skipped: ${problem}`);
afterAll(dropFreshSchemas);

const ACCOUNT = 'AC00000000000000000000000000000001';
const sender = (id: string, state: SenderRecord['state'], createdAt: string): SenderRecord =>
  senderRecord({
    id,
    sid: `XE${id.padStart(32, '0')}`,
    accountSid: ACCOUNT,
    path: 'twilio_sms',
    state,
    statusHistory: [{ status: 'ONLINE', at: createdAt }],
    profile: { name: 'Acme' },
    createdAt,
    watch: { nextCheckAt: createdAt, unchangedChecks: 2 },
  });

describe.skipIf(problem)('moving a data file into PostgreSQL', () => {
  it('brings every collection over as the bot reads it, and refuses to import twice', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'senders-import-')), 'db.json');
    const lowdb = await openLowdbStore(file);
    await lowdb.customers.insert({
      id: 'c1',
      name: 'Acme Corp',
      accountSid: ACCOUNT,
      createdBySlackUser: 'U0ALICE',
      createdAt: '2026-01-01T00:00:00.000Z',
      createdSubaccount: true,
    });
    await lowdb.senders.insert(sender('old', 'failed', '2026-01-01T00:00:00.000Z'));
    await lowdb.senders.insert(sender('new', 'online', '2026-01-02T00:00:00.000Z'));
    await lowdb.outbox.enqueue({ kind: 'post', senderId: 'new', channel: 'C0ALERTS', text: 'first' }, Date.parse('2026-01-02T00:00:00Z'));
    await lowdb.outbox.enqueue({ kind: 'post', senderId: 'new', channel: 'C0ALERTS', text: 'second' }, Date.parse('2026-01-02T00:00:01Z'));
    await lowdb.audit.add({ at: '2026-01-02T00:00:00.000Z', user: 'U0ALICE', action: 'register', target: '+14155550100' });
    await lowdb.channelBindings.set('C0ACME', 'c1');
    await lowdb.accounts.setPace(ACCOUNT, Date.parse('2026-01-02T00:00:00Z'));
    await lowdb.accounts.linkWaba(ACCOUNT, '1234567890');
    await lowdb.poller.set({ lastPollAt: '2026-01-02T00:01:00.000Z', lastPollChecked: 1 });
    await lowdb.metaEvents.add('meta-event-key', '1234567890', Date.parse('2026-01-02T00:00:00Z'));
    await lowdb.close();

    const store = await openPostgresStore(TEST_DATABASE_URL, { logger: silentLogger, schema: freshSchema().schema, max: 2 });
    try {
      const counts = await importDataFile(file, store);
      expect(counts).toMatchObject({ senders: 2, customers: 1, outbox: 2, audit: 1 });
      expect((await store.senders.findBySidOrPhone('+14155550100'))?.id).toBe('new');
      expect((await store.customers.find('acme corp'))?.accountSid).toBe(ACCOUNT);
      expect((await store.outbox.waiting()).map((item) => item.text)).toEqual(['first', 'second']);
      expect(await store.channelBindings.get('C0ACME')).toBe('c1');
      expect(await store.accounts.pace(ACCOUNT)).toBe(Date.parse('2026-01-02T00:00:00Z'));
      expect(await store.accounts.waba(ACCOUNT)).toBe('1234567890');
      expect((await store.poller.get()).lastPollChecked).toBe(1);
      expect(await store.audit.recent(10)).toHaveLength(1);
      // A webhook event handled before the move is still known as seen, until its week is over.
      expect(await store.metaEvents.add('meta-event-key', '1234567890', Date.parse('2026-01-03T00:00:00Z'))).toBe(false);
      expect(await store.metaEvents.forgetBefore(Date.parse('2026-01-02T00:00:01Z'))).toBe(1);
      // Imported records start at version 1 and save as usual.
      const online = (await store.senders.get('new'))!;
      expect(online.version).toBe(1);
      await store.senders.save({ ...online, qualityRating: 'HIGH' });

      await expect(importDataFile(file, store)).rejects.toThrow(ImportRefusedError);
      expect(await store.senders.count()).toBe(2);
    } finally {
      await store.close();
    }
  });
});
