import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { emptyData, SCHEMA_VERSION } from '../../src/store/schema.js';
import { StoreStartError } from '../../src/store/start-errors.js';

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'store-open-')), 'nested', 'db.json');

describe('opening the data file', () => {
  it('creates a missing file at once, so a data path that cannot be written fails at start-up', async () => {
    const file = await tempFile();
    await (await openStore(file)).close();
    expect(JSON.parse(await readFile(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('migrates an old file and writes it back at the current version, keeping its records', async () => {
    const file = await tempFile();
    await (await openStore(file)).close();
    await writeFile(file, JSON.stringify({ customers: [{ id: 'c1', name: 'Acme', accountSid: 'AC1' }], senders: [], audit: [] }));
    const store = await openStore(file);
    await store.close();
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.schemaVersion).toBe(SCHEMA_VERSION);
    expect(written.customers).toEqual([{ id: 'c1', name: 'Acme', accountSid: 'AC1', version: 1 }]);
    expect(written).toMatchObject({ onboardings: [], pendingPurchases: [] });
    expect(await store.channelBindings.list()).toEqual({});
  });

  it('gives each customer the WABA its account was already linked to', async () => {
    const file = await tempFile();
    await (await openStore(file)).close();
    const customers = [
      { id: 'c1', name: 'Acme', accountSid: 'AC1' },
      { id: 'c2', name: 'Beta', accountSid: 'AC2' },
    ];
    const v5 = { ...emptyData(), schemaVersion: 5, customers, accountWabas: { AC1: '1234567890' } };
    await writeFile(file, JSON.stringify(v5));
    const store = await openStore(file);
    await store.close();
    expect((await store.customers.list()).map((c) => c.wabaId)).toEqual(['1234567890', undefined]);
  });

  it('gives every record of a schema 6 file the version its saves are checked against, and the lists it lacked', async () => {
    const file = await tempFile();
    await (await openStore(file)).close();
    const sender = { id: 's1', accountSid: 'AC1', phoneNumber: '+14155550100', state: 'online', statusHistory: [], otp: { codeAttempts: 0, resends: 0 } };
    const run = { id: 'b1', state: 'done', recordIds: ['s1'], refused: [], warnings: [] };
    const { onboardings: _o, pendingPurchases: _p, ...v6 } = { ...emptyData(), schemaVersion: 6, senders: [sender], bulkRuns: [run] };
    await writeFile(file, JSON.stringify(v6));
    const store = await openStore(file);
    const stored = (await store.senders.get('s1'))!;
    expect(stored.version).toBe(1);
    stored.state = 'abandoned';
    await store.senders.save(stored);
    await store.close();
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({ schemaVersion: SCHEMA_VERSION, onboardings: [], pendingPurchases: [], bulkRuns: [{ id: 'b1', version: 1 }] });
    expect(written.senders[0]).toMatchObject({ state: 'abandoned', version: 2 });
  });

  it("opens a schema 8 file with no list of Meta's events seen, keeping what it holds, and stores the events seen from then on", async () => {
    const file = await tempFile();
    await (await openStore(file)).close();
    const request = { phoneNumber: '+14155550100', at: '2026-12-01T00:00:00.000Z', senderId: 's1', kind: 'create' };
    const { metaEvents: _m, ...v8 } = { ...emptyData(), schemaVersion: 8, codeRequests: [request] };
    await writeFile(file, JSON.stringify(v8));
    const store = await openStore(file);
    expect(await store.metaEvents.add('k1', 'W1', Date.parse('2026-12-01T00:00:00Z'))).toBe(true);
    expect(await store.metaEvents.add('k1', 'W1', Date.parse('2026-12-01T00:00:00Z'))).toBe(false);
    await store.close();
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      codeRequests: [request],
      metaEvents: [{ key: 'k1', wabaId: 'W1', at: '2026-12-01T00:00:00.000Z' }],
    });
  });

  it('does not rewrite a current file just for starting (a large store would pay for a full write)', async () => {
    const file = await tempFile();
    await (await openStore(file)).close();
    const current = { ...JSON.parse(await readFile(file, 'utf8')), customers: [{ id: 'c1', name: 'Acme', accountSid: 'AC1' }] };
    const indented = JSON.stringify(current, null, 2);
    await writeFile(file, indented);
    const before = await stat(file);
    const store = await openStore(file);
    await store.close();
    expect(await store.customers.list()).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe(indented);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it.each([
    ['empty', '', /cannot be read: it is empty\./],
    ['cut short', '{"schemaVersion":4,"customers":[{"id":"c1"', /cannot be read: it is cut short \(it ends after 42 characters\)/],
    ['hand-edited into invalid JSON', '{"schemaVersion":4,}', /cannot be read: it is not valid JSON \(/],
    ['hand-edited into a list', '[]', /cannot be read: it holds a list instead of the bot's data/],
    ['hand-edited into null', 'null', /cannot be read: it holds null instead of the bot's data/],
    ['hand-edited with senders that are not a list', JSON.stringify({ ...emptyData(), senders: {} }), /cannot be read: its "senders" is not a list/],
  ])('refuses a data file that is %s, in one line saying what to do, and leaves it untouched', async (_, content, reason) => {
    const file = await tempFile();
    await (await openStore(file)).close();
    await writeFile(file, content);
    const refusal = await openStore(file).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreStartError);
    const message = (refusal as Error).message;
    expect(message).toMatch(reason);
    expect(message).toContain(file);
    expect(message).toContain('restore it from a backup or move it away');
    expect(message).not.toContain('\n');
    expect(await readFile(file, 'utf8')).toBe(content);
    // The refusal does not keep the file locked.
    await writeFile(file, JSON.stringify(emptyData()));
    await (await openStore(file)).close();
  });
});
