import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, startChildBot } from '../support/child-bot.js';
import { FakeSlack } from '../support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/harness.js';
import { dropFreshSchemas, freshSchema } from '../support/pg-schema.js';
import { cleanup, runCleanup } from '../support/process-world.js';

afterEach(runCleanup);
afterAll(dropFreshSchemas);

const SANDBOX = ['--import', 'tsx', 'src/sandbox/main.ts'];

/** `npm run sandbox` against a stand-in Slack in HTTP mode, on free ports, until it says it is ready. */
async function startSandbox(extra: Record<string, string>) {
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();
  cleanup.push(() => slack.stop());
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi,
    SANDBOX_TWILIO_PORT: String(await freePort()),
    SANDBOX_META_PORT: String(await freePort()),
    SANDBOX_META_DIALOG_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    ...extra,
  };
  const sandbox = await startChildBot(env, await freePort(), SANDBOX, 40_000, 'Bot ready');
  cleanup.push(async () => {
    sandbox.process.kill('SIGKILL');
    await sandbox.exited;
  });
  return sandbox;
}

describe('the sandbox process', () => {
  it('stops cleanly on SIGTERM without logging a failed stop', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'senders-sandbox-')), 'sandbox.json');
    const sandbox = await startSandbox({ DATA_FILE: dataFile });
    expect(sandbox.output.join('')).toContain(`data in ${dataFile}`);

    sandbox.process.kill('SIGTERM');
    const { code } = await sandbox.exited;
    const output = sandbox.output.join('');
    expect(output).toContain('SIGTERM: stopping');
    expect(output).not.toContain('stop failed');
    expect(code).toBe(0);
  }, 60_000);

  it('on PostgreSQL names the database, not a data file it does not use', async () => {
    const { url, schema } = freshSchema('sandbox');
    const databaseUrl = `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const sandbox = await startSandbox({ DATABASE_URL: databaseUrl, DATA_FILE: '/nowhere/sandbox.json' });
    const output = sandbox.output.join('');
    expect(output).not.toContain('sandbox.json');
    expect(output).toMatch(/data in PostgreSQL at \S+/);
    // Migrations applied and the database answering: ready for a load balancer.
    const readiness = await fetch(`http://127.0.0.1:${sandbox.port}/readyz`);
    expect([readiness.status, await readiness.text()]).toEqual([200, 'ready\n']);
  }, 60_000);
});
