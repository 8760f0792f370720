import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, ROOT, runChildBotToExit, startChildBot } from '../support/child-bot.js';
import { cleanup, processWorld, runCleanup } from '../support/process-world.js';

afterEach(runCleanup);

/** The settings of a bot against its own simulator and fake Slack, on this data file. */
async function settings(dataFile: string): Promise<Record<string, string>> {
  return { ...(await processWorld()).env, DATA_FILE: dataFile };
}

const tempDataFile = async () => join(await mkdtemp(join(tmpdir(), 'senders-refusal-')), 'db.json');
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('starts that must be refused', () => {
  it('a second bot on the data file of a running one exits with code 1 and one line naming the process that holds it', async () => {
    const env = await settings(await tempDataFile());
    const first = await startChildBot(env, await freePort());
    cleanup.push(async () => {
      first.process.kill('SIGKILL');
      await first.exited;
    });

    const second = await runChildBotToExit(env, await freePort());
    expect(second.code).toBe(1);
    expect(lines(second.stderr)).toHaveLength(1);
    expect(second.stderr).toContain(`process ${first.process.pid} on this host (${hostname()})`);
    expect(second.stderr).not.toMatch(/^\s+at /m);
    // The first one still holds the file.
    expect(JSON.parse(await readFile(`${env.DATA_FILE}.lock`, 'utf8')).pid).toBe(first.process.pid);
  }, 60_000);

  it('a data file cut short stops the bot with one line and no stack trace, and is left untouched', async () => {
    const dataFile = await tempDataFile();
    const content = '{"schemaVersion":4,"customers":[],"senders":[{"id":"a1b2';
    await writeFile(dataFile, content);
    const run = await runChildBotToExit(await settings(dataFile), await freePort());
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `The data file ${dataFile} cannot be read: it is cut short (it ends after ${content.length} characters). It was left untouched; restore it from a backup or move it away to start with an empty store.`,
    ]);
    expect(await readFile(dataFile, 'utf8')).toBe(content);
  }, 60_000);

  it('of two processes taking over one stale lock at the same moment, exactly one gets it', async () => {
    const dataFile = await tempDataFile();
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(`${dataFile}.lock`, JSON.stringify({ pid: dead.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    // Each holds what it got until the test ends, as a running bot would.
    const script = `import(${JSON.stringify(join(ROOT, 'dist/store/lowdb/file-lock.js'))}).then((m) => m.lockDataFile(${JSON.stringify(dataFile)})).then(() => { console.log('won'); setInterval(() => {}, 1000); }, (e) => { console.log('refused: ' + e.message); process.exit(0); });`;
    const racers = [0, 1].map(() => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      cleanup.push(async () => child.kill('SIGKILL'));
      let out = '';
      return new Promise<string>((resolve) =>
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.trim());
        }),
      );
    });
    const outcomes = await Promise.all(racers);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('refused: ') && o.includes('in use by another bot'))).toHaveLength(1);
  }, 60_000);
});
