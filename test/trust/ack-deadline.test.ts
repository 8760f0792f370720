import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import { uploadCsv } from '../bulk/support.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { openRegistrationModal } from '../support/flows.js';
import { type Harness, harnessPerTest, sameWorld } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { onPostgres } from '../support/test-store.js';
import { until } from '../support/until.js';

const start = harnessPerTest();
const FORM = { phone: '+14155550100', name: 'Acme Store' };
/** Slack drops an answer that comes later than this. */
const SLACK_WAITS_MS = 3_000;

const creates = (h: Harness) => h.sim.requestsOf('CreateChannelsSender');
const registerEntries = async (h: Harness) => (await stored(h)).audit.filter((e) => e.action === 'register');

/** Submits the form and measures how long Slack waited for the answer. */
async function submitTimed(h: Harness, viewId: string, values: Record<string, unknown> = FORM) {
  const sentAt = Date.now();
  const response = await h.submitView(viewId, values);
  return { response, waitedMs: Date.now() - sentAt };
}

/** Nothing of the refused registration is stored, and nothing of it reaches Twilio, now or when the create queue runs. */
async function expectNothingKept(h: Harness): Promise<void> {
  await h.settle();
  expect(await h.drainQueue()).toBe(0);
  expect(creates(h)).toEqual([]);
  expect((await stored(h)).senders).toEqual([]);
  expect(await registerEntries(h)).toEqual([]);
}

/**
 * A second connection to the bot's schema holding `table` locked in an open transaction, as a
 * long migration or a stuck session would: it sees which of the bot's backends wait for it and
 * can cut them, as an administrator's pg_terminate_backend does.
 */
async function lockTable(h: Harness, table: string, mode: 'EXCLUSIVE' | 'ACCESS EXCLUSIVE') {
  const { url, schema } = h.database!;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${quoteIdentifier(schema)}.${quoteIdentifier(table)} IN ${mode} MODE`);
  // pg_stat_activity is read once per transaction: the lock's own transaction would see it frozen.
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  const blocked = async () =>
    (await watcher.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).rows.map((r) => r.pid);
  return {
    /** The bot's backends waiting for the lock, once there is one. */
    async waiters(): Promise<number[]> {
      let found: number[] = [];
      await until(
        async () => {
          found = await blocked();
          return found.length > 0;
        },
        5_000,
        'a backend of the bot waiting for the lock',
      );
      return found;
    },
    async terminate(pids: number[]): Promise<void> {
      for (const backend of pids) await watcher.query('SELECT pg_terminate_backend($1)', [backend]);
    },
    async release(): Promise<void> {
      await client.query('ROLLBACK');
      await client.end();
      await watcher.end();
    },
  };
}

/** Whether any of these backends still holds a transaction open or runs a statement. */
async function busy(h: Harness, pids: number[]): Promise<boolean> {
  const client = new pg.Client({ connectionString: h.database!.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1) AND state IS DISTINCT FROM 'idle'`,
      [pids],
    );
    return rows[0]!.n > 0;
  } finally {
    await client.end();
  }
}

describe.skipIf(!onPostgres)('a registration form while PostgreSQL is cut off or locked', () => {
  it('answers the form with the cause when its connections are cut mid-submission, twice, stores nothing, and registers the number once the database works', async () => {
    const h = await start();
    const viewId = await openRegistrationModal(h);

    // Cut while it reads (the check for a registration in play) ...
    const reading = await lockTable(h, 'senders', 'ACCESS EXCLUSIVE');
    const first = submitTimed(h, viewId);
    await reading.terminate(await reading.waiters());
    await reading.release();
    const cutReading = await first;
    expect(cutReading.response.status).toBe(200);
    expect(cutReading.response.body.response_action).toBe('errors');
    expect(cutReading.response.body.errors.phone).toMatch(/^The bot cannot save right now: .*database.*\. Nothing was registered or sent to Twilio\./);
    expect(cutReading.waitedMs).toBeLessThan(SLACK_WAITS_MS);

    // ... and while it stores the registration, inside its transaction.
    const writing = await lockTable(h, 'senders', 'EXCLUSIVE');
    const second = submitTimed(h, viewId);
    await writing.terminate(await writing.waiters());
    await writing.release();
    const cutWriting = await second;
    expect(cutWriting.response.status).toBe(200);
    expect(cutWriting.response.body.errors.phone).toMatch(/^The bot cannot save right now: .*database.*\. Nothing was registered or sent to Twilio\./);
    expect(cutWriting.waitedMs).toBeLessThan(SLACK_WAITS_MS);
    await expectNothingKept(h);

    // The retry meets no duplicate: the number registers once the database answers.
    const retried = await h.submitView(viewId, FORM);
    expect(retried.body.response_action).toBe('update');
    await h.settle();
    expect(creates(h)).toHaveLength(1);
    expect((await stored(h)).senders).toHaveLength(1);
  });

  it("answers under the form's first field when a read before the registration fails, instead of leaving Slack without an answer", async () => {
    const h = await start();
    const viewId = await openRegistrationModal(h);
    const firstField = h.slack.viewFor(viewId).blocks.find((b: { type: string }) => b.type === 'input').block_id as string;
    // The channel's binding is read first: its connection is cut while it waits.
    const lock = await lockTable(h, 'channel_bindings', 'ACCESS EXCLUSIVE');
    const submitted = submitTimed(h, viewId);
    await lock.terminate(await lock.waiters());
    await lock.release();
    const { response, waitedMs } = await submitted;
    expect(response.status).toBe(200);
    expect(response.body.response_action).toBe('errors');
    expect(response.body.errors[firstField]).toMatch(/^The bot cannot save right now: .*database.*\. Nothing was saved\. Try again in a few minutes/);
    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    expect(h.logLines.some((line) => line.includes('a listener failed'))).toBe(true);
    await expectNothingKept(h);
  });

  it.each([
    ['while it stores the registration', 'EXCLUSIVE'],
    ['while it reads before storing', 'ACCESS EXCLUSIVE'],
  ] as const)(
    'answers in time naming the cause when senders stays locked past the deadline %s; after the lock nothing is stored or sent',
    async (_when, mode) => {
      const h = await start({ ackDeadlineMs: 1_000 });
      const viewId = await openRegistrationModal(h);
      const lock = await lockTable(h, 'senders', mode);
      const submitted = submitTimed(h, viewId);
      const waiting = await lock.waiters();
      const { response, waitedMs } = await submitted;
      // The lock is still held when the answer comes, and is released only then.
      await lock.release();

      expect(response.status).toBe(200);
      expect(response.body.response_action).toBe('errors');
      expect(response.body.errors.phone).toMatch(
        /^The bot cannot save right now: the database at \S+ did not answer in time\. Nothing was registered or sent to Twilio\. Try again in a few minutes/,
      );
      expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);

      // The abandoned transaction ends without a COMMIT once the lock is gone.
      await until(async () => !(await busy(h, waiting)), 5_000, 'the abandoned transaction to end');
      await expectNothingKept(h);
    },
  );
});

describe.skipIf(onPostgres)('a registration form while the data file cannot be written in time', () => {
  it('answers in time naming the cause when the write hangs past the deadline; once the disk answers, the registration never reaches the file or Twilio, also after a restart', async () => {
    const disk = new FaultyDisk();
    const h = await start({ store: { fs: disk, retryMs: 60_000 }, ackDeadlineMs: 1_000 });
    const viewId = await openRegistrationModal(h);
    disk.hang();

    const { response, waitedMs } = await submitTimed(h, viewId);
    expect(disk.hungWrites).toBeGreaterThan(0);
    expect(response.status).toBe(200);
    expect(response.body.response_action).toBe('errors');
    expect(response.body.errors.phone).toMatch(
      /^The bot cannot save right now: the data file could not be written in time \(the disk is slow or not answering\)\. Nothing was registered or sent to Twilio\./,
    );
    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    expect((await stored(h)).senders).toEqual([]);

    // The write that held the registration goes on once the disk answers: it must not land.
    disk.answer();
    await h.bot.store.flush();
    await expectNothingKept(h);
    expect(JSON.parse(await readFile(h.dataFile, 'utf8')).senders).toEqual([]);

    await h.stop({ keepServices: true });
    const after = await start({ ...sameWorld(h), store: { fs: disk, retryMs: 60_000 } });
    await expectNothingKept(after);
    const retried = await after.submitView(await openRegistrationModal(after), FORM);
    expect(retried.body.response_action).toBe('update');
    await after.settle();
    expect(creates(after)).toHaveLength(1);
  });
});

describe('a request held up by something other than the store', () => {
  it('is answered shortly after its deadline, and nothing of it is stored once it goes on', async () => {
    const h = await start({ ackDeadlineMs: 300, access: { allowedUsers: [], allowedUsergroup: 'S0ONBOARD', readOnlyOpen: true } });
    h.slack.usergroups.set('S0ONBOARD', ['U0ALICE']);
    const viewId = await openRegistrationModal(h);
    // The group's member list is old: the submission asks Slack again, and Slack is slow to answer.
    h.clock.advance(2 * 60_000);
    let answerLookup!: () => void;
    h.slack.fault('usergroups.users.list', { until: new Promise<void>((resolve) => (answerLookup = resolve)) });

    const { response, waitedMs } = await submitTimed(h, viewId);
    answerLookup();
    expect(response.status).toBe(200);
    expect(response.body.response_action).toBe('errors');
    expect(Object.values(response.body.errors as Record<string, string>)).toEqual([
      expect.stringMatching(/^The bot cannot save right now: the bot could not finish in time .*\. Nothing was saved\./),
    ]);
    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    await expectNothingKept(h);
  });
});

describe('a bulk run started while the store cannot store in time', () => {
  it('answers Start in time naming the cause; no row is queued or sent, now or once the store answers', async () => {
    const disk = new FaultyDisk();
    const h = await start({ ackDeadlineMs: 1_000, ...(onPostgres ? {} : { store: { fs: disk, retryMs: 60_000 } }) });
    const rows = ['main,+14155550101,Brand One', 'main,+14155550102,Brand Two'];
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', ...rows].join('\n'));
    const lock = onPostgres ? await lockTable(h, 'senders', 'EXCLUSIVE') : undefined;
    if (!lock) disk.hang();

    const started = submitTimed(h, viewId, {});
    const waiting = lock ? await lock.waiters() : [];
    const { response, waitedMs } = await started;
    if (lock) await lock.release();
    else disk.answer();

    expect(response.status).toBe(200);
    expect(response.body.response_action).toBe('update');
    expect(JSON.stringify(response.body.view.blocks)).toMatch(
      /The bot cannot save right now: (the database at \S+ did not answer in time|the data file could not be written in time [^.]*)\. No row was queued/,
    );
    expect(waitedMs).toBeLessThan(SLACK_WAITS_MS);
    if (lock) await until(async () => !(await busy(h, waiting)), 5_000, 'the abandoned transaction to end');
    await h.bot.store.flush();
    await expectNothingKept(h);
    expect((await h.bot.store.bulkRuns.list({ excludePreviews: true })).filter((run) => run.state === 'running')).toEqual([]);
  });
});
