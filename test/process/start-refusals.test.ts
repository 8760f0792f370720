import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, ROOT, runChildBotToExit, START_ARGS, startChildBot } from '../support/child-bot.js';
import { FakeSlack } from '../support/fake-slack.js';
import { BOT_TOKEN } from '../support/harness.js';
import { cleanup, processWorld, runCleanup } from '../support/process-world.js';
import { until } from '../support/until.js';

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

describe('Slack credentials checked at start', () => {
  const plainLines = (text: string) => lines(text).filter((l) => !l.startsWith('{'));
  const jsonLines = (text: string) => lines(text).filter((l) => l.startsWith('{'));

  it('a bot token Slack refuses, in HTTP mode, stops the bot with one line naming SLACK_BOT_TOKEN, and it never says it is ready', async () => {
    const world = await processWorld();
    world.slack.fault('auth.test', { error: 'invalid_auth' });
    const run = await runChildBotToExit(world.env, await freePort());
    expect(run.code).toBe(1);
    expect(plainLines(run.stderr)).toEqual([expect.stringMatching(/^The bot cannot start: Slack refuses SLACK_BOT_TOKEN \(invalid_auth\); .+/)]);
    expect(jsonLines(run.stderr)).toHaveLength(1);
    expect(JSON.parse(jsonLines(run.stderr)[0]!)).toMatchObject({ level: 'error', setting: 'SLACK_BOT_TOKEN', slackError: 'invalid_auth' });
    expect(run.stderr + run.stdout).not.toContain('bot ready');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain(BOT_TOKEN);
  }, 60_000);

  it('an app token Slack refuses, in Socket Mode, stops the bot with one line naming SLACK_APP_TOKEN and no stack trace', async () => {
    const appToken = 'xapp-1-A0-revoked-app-token';
    const world = await processWorld({ SLACK_APP_TOKEN: appToken });
    world.slack.fault('apps.connections.open', { error: 'invalid_auth' });
    const run = await runChildBotToExit(world.env, await freePort());
    expect(run.code).toBe(1);
    expect(plainLines(run.stderr)).toEqual([
      expect.stringMatching(/^The bot cannot start: Slack refuses SLACK_APP_TOKEN \(invalid_auth\); .+connections:write/),
    ]);
    expect(jsonLines(run.stderr)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain(appToken);
    // The bot token was fine: Slack was asked about it first.
    expect(world.slack.callsOf('auth.test')).toHaveLength(1);
  }, 60_000);

  it('a Slack that cannot be reached at start is asked again, one line per attempt, and the bot becomes ready once Slack answers', async () => {
    const world = await processWorld();
    // Slack's address names a port nobody listens on yet.
    const slackPort = await freePort();
    const child = spawn(process.execPath, START_ARGS, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...world.env,
        SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
        PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let exited = false;
    child.on('exit', () => (exited = true));
    cleanup.push(async () => child.kill('SIGKILL'));
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const unreachable = () => lines(output).filter((l) => l.includes('Slack cannot be reached'));
    await until(() => unreachable().length >= 2, 20_000, 'two attempts to reach Slack');
    expect(exited).toBe(false);
    expect(output).not.toContain('bot ready');
    // Nothing but the bot's own JSON lines: no library's warning beside each attempt.
    expect(lines(output).filter((l) => !l.startsWith('{'))).toEqual([]);
    for (const line of unreachable())
      expect(JSON.parse(line)).toMatchObject({ level: 'warn', msg: expect.stringMatching(/\(connection refused, ECONNREFUSED\); trying again in \d+ s$/) });

    const slack = new FakeSlack(BOT_TOKEN);
    await slack.start(slackPort);
    cleanup.push(() => slack.stop());
    await until(() => output.includes('bot ready'), 40_000, 'the bot to be ready');
    expect(slack.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(exited).toBe(false);
    expect(output).not.toMatch(/^\s+at /m);
  }, 90_000);
});
