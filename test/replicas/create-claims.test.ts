import { describe, expect, it } from 'vitest';
import { confirm, createsByAccount, seedCustomers, uploadCsv } from '../bulk/support.js';
import { harnessPerTest } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { until } from '../support/until.js';
import { onSharedDatabase, POSTGRES, replicaOf, replicaTestsProblem } from './support.js';

const problem = await replicaTestsProblem('create claim tests');
const start = harnessPerTest();
onSharedDatabase();

const INTERVAL = 3 * 60_000;

describe.skipIf(problem)('the create queue served by several replicas', () => {
  it('sends every bulk row exactly once and keeps each account’s pace when three replicas run their rounds at the same moments', async () => {
    const a = await start({ ...POSTGRES, sendersMinIntervalMs: INTERVAL });
    const replicas = [a, await start(replicaOf(a, { sendersMinIntervalMs: INTERVAL })), await start(replicaOf(a, { sendersMinIntervalMs: INTERVAL }))];
    const customers = await seedCustomers(a, 4);
    const rows = customers.flatMap((c, i) => Array.from({ length: 5 }, (_, j) => `${c.name},+1415${String(3000000 + i * 100 + j)},Brand ${i}-${j} Store`));
    const { viewId } = await uploadCsv(a, ['customer,phone_number,display_name', ...rows].join('\n'));
    await confirm(a, viewId);

    for (let round = 0; round < 50; round += 1) {
      const reports = await Promise.all(replicas.map((h) => h.bot.runner.tick()));
      await Promise.all(replicas.map((h) => h.settle()));
      if (!(await a.bot.store.senders.createQueues()).some((queue) => queue.depth > 0)) break;
      const next = Math.min(...reports.map((r) => r.nextAt ?? Infinity));
      a.clock.advance(Number.isFinite(next) && next > a.clock.now() ? next - a.clock.now() : INTERVAL);
    }

    const senderIds = a.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id);
    expect(senderIds).toHaveLength(20);
    expect(new Set(senderIds).size).toBe(20);
    for (const times of createsByAccount(a).values()) {
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL);
    }
    const records = (await stored(a)).senders;
    expect(records.filter((r) => r.state === 'awaiting_code')).toHaveLength(20);
  });

  it('makes one create of a registration whose submission Slack sends twice, to two replicas', async () => {
    const a = await start(POSTGRES);
    const b = await start(replicaOf(a));
    await a.command('register');
    await a.settle();
    const viewId = a.slack.callsOf('views.open').at(-1)!.args.__id as string;
    const values = { phone: '+14155550142', name: 'Replica Bakery' };
    const answers = await Promise.all([a.submitView(viewId, values), b.submitView(viewId, values)]);
    await Promise.all([a.settle(), b.settle()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(a.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    const live = (await stored(a)).senders.filter((r) => r.phoneNumber === '+14155550142' && r.state !== 'failed' && r.state !== 'abandoned');
    expect(live).toHaveLength(1);
  });

  it('answers the form whose registration another replica’s create queue sent while the form was settling it, and creates it once', async () => {
    const a = await start(POSTGRES);
    const b = await start(replicaOf(a));
    await a.command('register');
    await a.settle();
    const viewId = a.slack.callsOf('views.open').at(-1)!.args.__id as string;
    // While replica A looks the number up for the form, replica B's create round takes the queued record.
    const twilio = a.bot.twilio;
    const lookUp = twilio.findIncomingNumber.bind(twilio);
    let tookIt = false;
    twilio.findIncomingNumber = async (...args: Parameters<typeof lookUp>) => {
      if (!tookIt) {
        tookIt = true;
        await b.bot.runner.tick();
        await b.settle();
      }
      return lookUp(...args);
    };
    const answer = await a.submitView(viewId, { phone: '+14155550143', name: 'Replica Bakery' });
    await Promise.all([a.settle(), b.settle()]);
    expect(answer.status).toBe(200);
    expect(tookIt).toBe(true);
    expect(a.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    // The form moved on from "Registering…": the person is told where the registration is.
    expect(JSON.stringify(a.slack.viewFor(viewId))).toContain('Registration queued');
  });

  it('starts a bulk run once when its confirmation reaches two replicas at the same moment', async () => {
    const a = await start({ ...POSTGRES, sendersMinIntervalMs: INTERVAL });
    const b = await start(replicaOf(a, { sendersMinIntervalMs: INTERVAL }));
    const customers = await seedCustomers(a, 2);
    const rows = customers.flatMap((c, i) => [0, 1, 2].map((j) => `${c.name},+1415${String(4000000 + i * 100 + j)},Brand ${i}-${j} Store`));
    const { viewId } = await uploadCsv(a, ['customer,phone_number,display_name', ...rows].join('\n'));
    await Promise.all([a.submitView(viewId, {}), b.submitView(viewId, {})]);
    await Promise.all([a.settle(), b.settle()]);
    for (let round = 0; round < 20; round += 1) {
      await Promise.all([a.bot.runner.tick(), b.bot.runner.tick()]);
      await Promise.all([a.settle(), b.settle()]);
      if (!(await a.bot.store.senders.createQueues()).some((queue) => queue.depth > 0)) break;
      a.clock.advance(INTERVAL);
    }

    const records = (await stored(a)).senders;
    expect(records).toHaveLength(rows.length);
    const senderIds = a.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id);
    expect(senderIds).toHaveLength(rows.length);
    expect(new Set(senderIds).size).toBe(rows.length);
    expect((await a.bot.store.bulkRuns.list({ excludePreviews: true })).filter((run) => run.state !== 'cancelled')).toHaveLength(1);
  });

  it('leaves a create another replica is still waiting on to that replica, which records its outcome at once', async () => {
    const a = await start(POSTGRES);
    const b = await start(replicaOf(a));
    await a.command('register');
    await a.settle();
    const viewId = a.slack.callsOf('views.open').at(-1)!.args.__id as string;
    let answer!: () => void;
    a.sim.holdNext(new Promise<void>((resolve) => (answer = resolve)), 'CreateChannelsSender');
    a.clock.advance(1_000);
    await a.submitView(viewId, { phone: '+14155550143', name: 'Replica Bakery' });
    await until(() => a.sim.requestsOf('CreateChannelsSender').length === 1, 5_000, 'the create to reach Twilio');
    const sending = await b.bot.store.senders.findBySidOrPhone('+14155550143');
    expect(sending?.state).toBe('creating');

    await b.bot.runner.tick();
    await b.settle();
    expect((await b.bot.store.senders.findBySidOrPhone('+14155550143'))?.version).toBe(sending?.version);

    answer();
    await a.settle();
    const created = await a.bot.store.senders.findBySidOrPhone('+14155550143');
    expect(created).toMatchObject({ state: 'awaiting_code', sid: expect.stringMatching(/^XE/) });
    expect(a.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });
});
