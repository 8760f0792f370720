import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/store.js';
import type { ChildBot } from '../support/child-bot.js';
import { freePort } from '../support/child-bot.js';
import { SIGNING_SECRET, stateValues } from '../support/harness.js';
import { dropFreshSchemas, freshSchema, TEST_DATABASE_URL } from '../support/pg-schema.js';
import { ALICE, eventsUrl, openView, processWorld, runCleanup, startBot } from '../support/process-world.js';
import { interactionBody, postSigned, viewSubmissionPayload } from '../support/slack-requests.js';
import { until } from '../support/until.js';
import { replicaTestsProblem } from './support.js';

const problem = await replicaTestsProblem('the three-process replica test');
afterEach(runCleanup);
afterAll(dropFreshSchemas);

/** SENDERS_MIN_INTERVAL of the replicas: 0.01 minutes. */
const INTERVAL_MS = 600;
/** Creates are timed where Twilio receives them: a request may be a few ms on its way. */
const ARRIVAL_JITTER_MS = 100;
const CUSTOMERS = 4;
const ROWS_EACH = 4;
const REGISTRATIONS = 5;

interface LeaseRow {
  holder: string;
  token: string;
}

describe.skipIf(problem)('three bot processes on one database', () => {
  it('behave as one bot through a bulk run, registrations sent round-robin, a SIGKILL mid-run and another mid-poll', async () => {
    const { schema } = freshSchema('replicas');
    const store: PostgresStore = await openPostgresStore(TEST_DATABASE_URL, { logger: silentLogger, schema, max: 2 });
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const databaseUrl = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const w = await processWorld({ DATABASE_URL: databaseUrl, SENDERS_MIN_INTERVAL: String(INTERVAL_MS / 60_000), TWILIO_TIMEOUT_SECONDS: '1' });
      const customers = Array.from({ length: CUSTOMERS }, (_, i) => {
        const account = w.sim.state.createSubaccount(`Customer ${i}`);
        return { name: `Customer ${i}`, accountSid: account.sid, wabaId: w.sim.state.addWaba() };
      });
      for (const [i, c] of customers.entries())
        await store.customers.insert({ id: `c${i}`, ...c, createdBySlackUser: ALICE.user, createdAt: new Date().toISOString(), createdSubaccount: false });

      const bots: ChildBot[] = [];
      for (let i = 0; i < 3; i += 1) bots.push(await startBot(w.env, await freePort()));
      let turn = 0;
      const nextBot = () => {
        const alive = bots.filter((b) => b.process.exitCode === null && b.process.signalCode === null);
        turn += 1;
        return alive[turn % alive.length]!;
      };
      const submit = (view: { id: string }, values: Record<string, unknown>) =>
        postSigned(
          eventsUrl(nextBot()),
          SIGNING_SECRET,
          interactionBody(viewSubmissionPayload(w.slack.viewFor(view.id), stateValues(w.slack.viewFor(view.id), values), ALICE)),
        );

      // The bulk run: opened on one replica, its file on the next, confirmed on the third.
      const rows = customers.flatMap((c, i) =>
        Array.from({ length: ROWS_EACH }, (_, j) => `${c.name},+1415666${i}${String(j).padStart(3, '0')},Brand ${i} ${j} Store`),
      );
      const bulk = await openView(nextBot(), w.slack, 'bulk');
      await submit(bulk, { file: [w.slack.hostFile('rows.csv', ['customer,phone_number,display_name', ...rows].join('\n'))] });
      await until(() => w.slack.viewFor(bulk.id).callback_id === 'bulk_confirm', 15_000, 'the bulk preview');
      await submit(bulk, {});

      // Registrations of numbers Twilio verifies by itself: each ends ONLINE, with one alert.
      const phones = Array.from({ length: REGISTRATIONS }, (_, i) => `+1415777000${i}`);
      for (const phone of phones) {
        w.sim.addNumber(w.mainAccountSid, phone, { sms: true, voice: true });
        const view = await openView(nextBot(), w.slack, 'register');
        const answer = await submit(view, { customer: 'main', phone, name: 'Acme Store' });
        expect(answer.status).toBe(200);
      }
      // SIGKILL mid-run: a replica that is not polling, while bulk rows are still waiting.
      const pollHolder = async () => {
        const [row] = (await db.query<LeaseRow>("SELECT holder, token FROM leases WHERE name = 'poll' AND expires_at > clock_timestamp()")).rows;
        return row && { bot: bots.find((b) => row.holder.split(':').at(-2) === String(b.process.pid)), token: Number(row.token) };
      };
      await until(async () => Boolean((await pollHolder())?.bot), 15_000, 'a replica holding the poll');
      const creates = () => w.sim.requestsOf('CreateChannelsSender');
      await until(() => creates().length >= 4, 15_000, 'the bulk run under way');
      expect(creates().length).toBeLessThan(rows.length + REGISTRATIONS);
      const holderBefore = (await pollHolder())!;
      const runVictim = bots.find((b) => b !== holderBefore.bot)!;
      runVictim.process.kill('SIGKILL');
      await runVictim.exited;
      // SIGKILL mid-poll: the poll holder, while Twilio holds its look at a sender.
      await until(async () => Boolean((await pollHolder())?.bot), 10_000, 'a living replica holding the poll');
      const holder = (await pollHolder())!;
      const fetchesBefore = w.sim.requestsOf('FetchChannelsSender').length + w.sim.requestsOf('ListChannelsSender').length;
      w.sim.delayNext(5_000, 2, 'FetchChannelsSender');
      await until(
        () => w.sim.requestsOf('FetchChannelsSender').length + w.sim.requestsOf('ListChannelsSender').length > fetchesBefore,
        15_000,
        'a poll in progress',
      );
      const killedAt = Date.now();
      holder.bot!.process.kill('SIGKILL');
      await holder.bot!.exited;
      await until(
        async () => {
          const now = await pollHolder();
          return now?.bot !== undefined && now.bot !== holder.bot;
        },
        10_000,
        'the poll taken over',
      );
      const takenOverAfter = Date.now() - killedAt;
      const taker = (await pollHolder())!;
      expect(taker.token).toBeGreaterThan(holder.token);
      // POLL_CRON runs every second: taken over within two periods, plus a second for three
      // processes and this test sharing two cores.
      expect(takenOverAfter).toBeLessThan(2 * 1_000 + 1_000);
      // The survivor finishes the work: every row and registration created, every alert out.
      const survivor = bots.find((b) => b !== runVictim && b !== holder.bot)!;
      const alerts = () => w.slack.postedIn('C0ALERTS').filter((m) => m.text?.includes('is online'));
      await until(
        () => new Set(creates().map((r) => (r.body as { sender_id: string }).sender_id)).size === rows.length + REGISTRATIONS,
        45_000,
        'every create',
      );
      await until(() => alerts().length >= REGISTRATIONS, 45_000, 'every ONLINE alert');
      await until(async () => (await store.outbox.waiting()).length === 0, 30_000, 'the outbox delivered');
      expect(survivor.process.exitCode).toBeNull();

      const senderIds = creates().map((r) => (r.body as { sender_id: string }).sender_id);
      expect(senderIds).toHaveLength(rows.length + REGISTRATIONS);
      expect(new Set(senderIds).size).toBe(senderIds.length);
      const byAccount = new Map<string, number[]>();
      for (const r of creates()) byAccount.set(r.accountSid, [...(byAccount.get(r.accountSid) ?? []), r.at]);
      for (const times of byAccount.values())
        for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS - ARRIVAL_JITTER_MS);

      const alerted = alerts().map((m) => m.text!.split(' ')[0]);
      expect(alerted.sort()).toEqual([...phones].sort());
      const stored = await store.senders.list();
      expect(stored).toHaveLength(rows.length + REGISTRATIONS);
      expect(new Set(stored.map((r) => r.sid)).size).toBe(stored.length);
      expect(stored.filter((r) => r.bulk).every((r) => r.state === 'awaiting_code')).toBe(true);
    } finally {
      await db.end();
      await store.close();
    }
  }, 120_000);
});
