import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyData } from '../../src/store/schema.js';
import { freePort } from '../support/child-bot.js';
import { SIGNING_SECRET, stateValues } from '../support/harness.js';
import {
  ALICE,
  openView,
  runCleanup,
  seedCustomers,
  startBot as start,
  submitRegistration,
  eventsUrl as url,
  processWorld as world,
} from '../support/process-world.js';
import { interactionBody, postSigned, viewSubmissionPayload } from '../support/slack-requests.js';

afterEach(runCleanup);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator, so the kill moments of a failing run can be replayed: KILL_SEED=<seed>. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the bot as a process', () => {
  it('stops on SIGTERM within 10 s, with its data file written', async () => {
    const w = await world();
    const bot = await start(w.env, await freePort());
    const answer = await submitRegistration(bot, w.slack, '+14155550100');
    expect(answer.body.response_action).toBe('update');
    const t0 = Date.now();
    bot.process.kill('SIGTERM');
    const exit = await bot.exited;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(exit.code).toBe(0);
    const data = JSON.parse(await readFile(w.dataFile, 'utf8'));
    expect(data.senders.map((s: { phoneNumber: string }) => s.phoneNumber)).toEqual(['+14155550100']);
  }, 60_000);

  it('survives SIGKILL at random moments: the file always parses, no acknowledged registration is missing, nothing is sent or alerted twice', async () => {
    const w = await world();
    const seeded = emptyData();
    seedCustomers(w.sim, seeded, 4).forEach((account, i) => {
      for (let j = 0; j < 5; j += 1) w.sim.addNumber(account, `+1415555${i}${String(j).padStart(3, '0')}`, { sms: true, voice: true });
    });
    for (let j = 0; j < 6; j += 1) w.sim.addNumber(w.mainAccountSid, `+1415556${String(j).padStart(4, '0')}`, { sms: true, voice: true });
    await writeFile(w.dataFile, JSON.stringify(seeded));
    const port = await freePort();
    let bot = await start(w.env, port);

    const csv = [
      'customer,phone_number,display_name',
      ...seeded.customers.flatMap((c, i) => Array.from({ length: 5 }, (_, j) => `${c.name},+1415555${i}${String(j).padStart(3, '0')},Brand ${i}${j} Store`)),
    ].join('\n');
    const bulkView = await openView(bot, w.slack, 'bulk');
    await postSigned(
      url(bot),
      SIGNING_SECRET,
      interactionBody(viewSubmissionPayload(bulkView, stateValues(bulkView, { file: [w.slack.hostFile('rows.csv', csv)] }), ALICE)),
    );
    const previewDeadline = Date.now() + 5_000;
    while (w.slack.viewFor(bulkView.id).callback_id !== 'bulk_confirm' && Date.now() < previewDeadline) await sleep(20);
    const confirmed = await postSigned(url(bot), SIGNING_SECRET, interactionBody(viewSubmissionPayload(w.slack.viewFor(bulkView.id), {}, ALICE)));
    expect(confirmed.status).toBe(200);

    const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
    console.log(`SIGKILL moments seeded with KILL_SEED=${seed}`);
    const random = seededRandom(seed);
    const acknowledged: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const phone = `+1415556${String(round).padStart(4, '0')}`;
      const answer = await submitRegistration(bot, w.slack, phone);
      if (answer.body?.response_action === 'update') acknowledged.push(phone);
      await sleep(100 + random() * 900);
      bot.process.kill('SIGKILL');
      await bot.exited;
      const data = JSON.parse(await readFile(w.dataFile, 'utf8'));
      for (const p of acknowledged)
        expect(
          data.senders.some((s: { phoneNumber: string }) => s.phoneNumber === p),
          `${p} after kill ${round} (KILL_SEED=${seed})`,
        ).toBe(true);
      bot = await start(w.env, port);
    }

    const expected = 20 + acknowledged.length;
    const sentNumbers = () => new Set(w.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id));
    // Done when every row and registration has settled in the data file: nothing queued, nothing being created.
    const settled = async () => {
      const senders = JSON.parse(await readFile(w.dataFile, 'utf8')).senders as { state: string }[];
      return senders.length >= expected && senders.every((s) => s.state !== 'queued' && s.state !== 'creating');
    };
    // And at least one sender told ONLINE, so "nothing alerted twice" has alerts to look at.
    const toldOnline = () => w.slack.postedIn('C0ALERTS').some((m) => m.text.includes('is online'));
    const deadline = Date.now() + 60_000;
    while (!(sentNumbers().size >= expected && (await settled()) && toldOnline())) {
      if (Date.now() > deadline) throw new Error(`not settled in 60 s (KILL_SEED=${seed})`);
      await sleep(200);
    }
    bot.process.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);

    const creates = w.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id);
    expect(new Set(creates).size).toBe(expected);
    expect(creates.length).toBe(expected);
    const onlineAlerts = w.slack
      .postedIn('C0ALERTS')
      .filter((m) => m.text.includes('is online'))
      .map((m) => m.text.split(' ')[0]);
    expect(onlineAlerts.length).toBeGreaterThan(0);
    expect(onlineAlerts.length).toBe(new Set(onlineAlerts).size);
    const data = JSON.parse(await readFile(w.dataFile, 'utf8'));
    expect(data.senders.filter((s: { bulk?: unknown }) => s.bulk)).toHaveLength(20);
  }, 120_000);
});
