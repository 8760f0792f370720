import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyData, type SenderRecord } from '../../src/store/schema.js';
import { ACTION } from '../../src/views/ids.js';
import { freePort, ROOT, START_ARGS } from '../support/child-bot.js';
import { SIGNING_SECRET, stateValues } from '../support/harness.js';
import {
  ALICE,
  click,
  command,
  eventsUrl,
  openView,
  processWorld,
  runCleanup,
  seedCustomers,
  seededRegistration,
  startBot,
  submitRegistration,
} from '../support/process-world.js';
import { interactionBody, postSigned, viewSubmissionPayload } from '../support/slack-requests.js';
import { until } from '../support/until.js';

afterEach(runCleanup);

const readData = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof emptyData>;

// A one-second Twilio timeout makes a create settle after four seconds, so a restart can be played in real time.
const FAST_SETTLE = { TWILIO_TIMEOUT_SECONDS: '1' };

describe('SIGKILL while Twilio holds a request', () => {
  it('a create in flight at the crash is adopted after the restart, never sent twice', async () => {
    const w = await processWorld(FAST_SETTLE);
    const port = await freePort();
    let bot = await startBot(w.env, port);
    w.sim.delayNext(2_500, 1, 'CreateChannelsSender');
    const answer = await submitRegistration(bot, w.slack, '+14155550100');
    expect(answer.body.response_action).toBe('update');
    await until(() => w.sim.requestsOf('CreateChannelsSender').length === 1, 15_000, 'the create to reach Twilio');
    bot.process.kill('SIGKILL');
    await bot.exited;

    bot = await startBot(w.env, port);
    await until(() => w.sim.state.senders.size === 1, 15_000, 'Twilio to finish the held create');
    let record: SenderRecord | undefined;
    await until(
      async () => {
        record = (await readData(w.dataFile)).senders[0];
        return record?.state === 'awaiting_code';
      },
      15_000,
      'the restarted bot to adopt the sender',
    );
    expect(record).toMatchObject({ state: 'awaiting_code', sid: [...w.sim.state.senders.keys()][0] });
    expect(w.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  }, 60_000);

  it('a resend in flight at the crash is counted: the next Resend waits its interval', async () => {
    const w = await processWorld({ RESEND_MIN_MINUTES: '0.2' });
    const sender = w.sim.state.create(w.mainAccountSid, { sender_id: 'whatsapp:+14155550100', profile: { name: 'Acme Store' } });
    const seeded = emptyData();
    seeded.senders.push(
      seededRegistration(w.mainAccountSid, { sid: sender.sid, status: 'PENDING_VERIFICATION', slack: { channel: 'C0ONBOARD', ts: '1700000000.000001' } }),
    );
    await writeFile(w.dataFile, JSON.stringify(seeded));
    const port = await freePort();
    let bot = await startBot(w.env, port);
    const message = { ts: '1700000000.000001', channel: 'C0ONBOARD' };

    w.sim.delayNext(3_000, 1, 'CreateChannelsSender');
    await click(bot, w.slack, ACTION.resend, 'r1', message);
    await until(() => w.sim.requestsOf('CreateChannelsSender').length === 1, 15_000, 'the resend to reach Twilio');
    bot.process.kill('SIGKILL');
    await bot.exited;
    expect((await readData(w.dataFile)).senders[0]!.otp.resends).toBe(1);

    bot = await startBot(w.env, port);
    const answered = w.slack.responses.length;
    await click(bot, w.slack, ACTION.resend, 'r1', message);
    await until(() => w.slack.responses.length > answered, 15_000, 'the answer to the second Resend');
    expect(w.slack.responses.at(-1)!.text).toMatch(/You can resend in about 1 min/);
    expect(w.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  }, 60_000);
});

describe('SIGTERM under faults', () => {
  it('during start-up, while the bot still asks Twilio about work left from before: exits 0 and frees the data file', async () => {
    const w = await processWorld();
    const seeded = emptyData();
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    seeded.senders.push(seededRegistration(w.mainAccountSid, { state: 'creating', pendingCreate: { since: hourAgo }, otp: { codeAttempts: 0, resends: 0 } }));
    await writeFile(w.dataFile, JSON.stringify(seeded));
    w.sim.delayNext(5_000, 1, 'ListChannelsSender');
    const child = spawn(process.execPath, START_ARGS, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...w.env, PORT: String(await freePort()) },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => w.sim.requestsOf('ListChannelsSender').length === 1, 15_000, 'the start-up look-up to reach Twilio');
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(existsSync(`${w.dataFile}.lock`)).toBe(false);
  }, 60_000);

  it('with Slack failing and slow creates in flight: takes no new request, stores every create it made, exits 0 within 10 s', async () => {
    const w = await processWorld();
    const seeded = emptyData();
    seedCustomers(w.sim, seeded, 30);
    await writeFile(w.dataFile, JSON.stringify(seeded));
    w.slack.failing.add('chat.postMessage');
    w.slack.failing.add('chat.update');
    const bot = await startBot(w.env, await freePort());

    const csv = [
      'customer,phone_number,display_name',
      ...seeded.customers.flatMap((c, i) => [0, 1].map((j) => `${c.name},+1415555${String(i).padStart(2, '0')}${j}0,Brand ${i} ${j} Store`)),
    ].join('\n');
    const view = await openView(bot, w.slack, 'bulk');
    await postSigned(
      eventsUrl(bot),
      SIGNING_SECRET,
      interactionBody(viewSubmissionPayload(view, stateValues(view, { file: [w.slack.hostFile('rows.csv', csv)] }), ALICE)),
    );
    await until(() => w.slack.viewFor(view.id).callback_id === 'bulk_confirm', 15_000, 'the bulk preview');
    w.sim.delayNext(800, 1_000, 'CreateChannelsSender');
    await postSigned(eventsUrl(bot), SIGNING_SECRET, interactionBody(viewSubmissionPayload(w.slack.viewFor(view.id), {}, ALICE)));
    await until(() => w.sim.requestsOf('CreateChannelsSender').length >= 10, 15_000, 'creates to be under way');

    const t0 = Date.now();
    bot.process.kill('SIGTERM');
    await until(() => bot.output.join('').includes('SIGTERM'), 15_000, 'the bot to take the signal');
    const late = await command(bot, w.slack, 'customer add "Late Corp"');
    expect(late.body.text).toContain('restarting');
    const exit = await bot.exited;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(exit.code).toBe(0);
    expect(w.sim.requestsOf('CreateAccount')).toHaveLength(0);

    const data = await readData(w.dataFile);
    const stored = new Set(data.senders.map((s) => s.sid).filter(Boolean));
    const inTwilio = [...w.sim.state.senders.keys()];
    expect(inTwilio.length).toBeGreaterThan(0);
    for (const sid of inTwilio) expect(stored.has(sid), `${sid} made in Twilio but not stored`).toBe(true);
  }, 60_000);
});
