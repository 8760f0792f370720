import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'store-open-')), 'nested', 'db.json');

describe('opening the data file', () => {
  it('creates a missing file at once, so a data path that cannot be written fails at start-up', async () => {
    const file = await tempFile();
    await openStore(file);
    expect(JSON.parse(await readFile(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('migrates an old file and writes it back at the current version, keeping its records', async () => {
    const file = await tempFile();
    await openStore(file);
    await writeFile(file, JSON.stringify({ customers: [{ id: 'c1', name: 'Acme', accountSid: 'AC1' }], senders: [], audit: [] }));
    const store = await openStore(file);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.schemaVersion).toBe(SCHEMA_VERSION);
    expect(written.customers).toEqual([{ id: 'c1', name: 'Acme', accountSid: 'AC1' }]);
    expect(store.data.channelBindings).toEqual({});
  });

  it('does not rewrite a current file just for starting (a large store would pay for a full write)', async () => {
    const file = await tempFile();
    await openStore(file);
    const current = { ...JSON.parse(await readFile(file, 'utf8')), customers: [{ id: 'c1', name: 'Acme', accountSid: 'AC1' }] };
    const indented = JSON.stringify(current, null, 2);
    await writeFile(file, indented);
    const before = await stat(file);
    const store = await openStore(file);
    expect(store.data.customers).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe(indented);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });
});
