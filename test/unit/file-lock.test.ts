import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { DataFileLockedError } from '../../src/store/lowdb/file-lock.js';
import { sameWorld, startHarness } from '../support/harness.js';

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'file-lock-')), 'db.json');

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

const holder = async (file: string) => JSON.parse(await readFile(`${file}.lock`, 'utf8')) as { pid: number; host: string; startedAt: string };

describe('one bot per data file', () => {
  it('refuses a second opening of a data file in use, naming the process and host that hold it', async () => {
    const file = await tempFile();
    const first = await openStore(file);
    const refusal = await openStore(file).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DataFileLockedError);
    expect((refusal as Error).message).toContain(`process ${process.pid} on this host (${hostname()})`);
    expect((refusal as Error).message).toContain(`${file}.lock`);
    // The holder goes on writing.
    await first.customers.insert({ id: 'c1', name: 'Acme', accountSid: 'AC1', createdBySlackUser: 'U1', createdAt: '', createdSubaccount: false });
    await first.close();
    expect(JSON.parse(await readFile(file, 'utf8')).customers).toHaveLength(1);
  });

  it('never takes over a lock from another host, and says to delete it if that host no longer runs the bot', async () => {
    const file = await tempFile();
    const foreign = JSON.stringify({ pid: 4242, host: 'bot-host-2', startedAt: '2026-01-01T00:00:00.000Z' });
    await writeFile(`${file}.lock`, foreign);
    const refusal = (await openStore(file).catch((error: unknown) => error)) as Error;
    expect(refusal).toBeInstanceOf(DataFileLockedError);
    expect(refusal.message).toContain('host bot-host-2 (process 4242');
    expect(refusal.message).toContain(`if bot-host-2 no longer runs the bot, delete ${file}.lock`);
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(foreign);
    expect(existsSync(file)).toBe(false);
  });

  it('takes over the lock of a bot that died on this host', async () => {
    const file = await tempFile();
    const pid = await deadPid();
    await writeFile(`${file}.lock`, JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const store = await openStore(file);
    expect((await holder(file)).pid).toBe(process.pid);
    await store.close();
  });

  it('takes over a lock naming its own pid left by an earlier run (a restarted container gets the same pid)', async () => {
    const file = await tempFile();
    await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const store = await openStore(file);
    expect((await holder(file)).startedAt).not.toBe('2026-01-01T00:00:00.000Z');
    await store.close();
  });

  it('lets exactly one of two openings racing for a stale lock win', async () => {
    const file = await tempFile();
    await writeFile(`${file}.lock`, JSON.stringify({ pid: await deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const outcomes = await Promise.allSettled([openStore(file), openStore(file)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    for (const o of outcomes) if (o.status === 'fulfilled') await o.value.close();
  });

  it('releases the data file when the bot stops, so the next start takes it', async () => {
    const h = await startHarness();
    expect((await holder(h.dataFile)).pid).toBe(process.pid);
    await h.stop({ keepServices: true });
    expect(existsSync(`${h.dataFile}.lock`)).toBe(false);
    const after = await startHarness({
      ...sameWorld(h),
    });
    await after.stop();
  });
});
