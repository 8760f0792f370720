import { type ClientRequest, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { until } from '../support/until.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('a burst of commands', () => {
  it('acks every one at once, answers every one, and never has more than 8 of them asking Twilio at the same time', async () => {
    h = await startHarness();
    const phones = Array.from({ length: 10 }, (_, i) => `+1415555010${i}`);
    for (const phone of phones) await register(h, { phone, name: 'Acme Store' });
    await h.settle();
    h.sim.options.latencyMs = 200;
    h.sim.peakInFlight = 0;
    const answersBefore = h.slack.responses.length;

    const acks = await Promise.all(Array.from({ length: 40 }, (_, i) => h.command(`status ${phones[i % phones.length]}`)));

    expect(acks.every((a) => a.status === 200)).toBe(true);
    await h.waitFor(() => h.slack.responses.length - answersBefore >= 40, 20_000);
    const answers = h.slack.responses.slice(answersBefore);
    expect(answers).toHaveLength(40);
    for (const phone of phones) expect(answers.filter((answer) => JSON.stringify(answer.blocks).includes(phone))).toHaveLength(4);
    expect(h.sim.peakInFlight).toBeGreaterThan(1);
    expect(h.sim.peakInFlight).toBeLessThanOrEqual(8);
  });

  it('asks Twilio once more for a burst about one number, and gives every command its answer', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    const fetches = () => h.sim.requestsOf('FetchChannelsSender').length;
    const fetchesBefore = fetches();
    const answersBefore = h.slack.responses.length;
    let answerFirst!: () => void;
    h.sim.holdNext(new Promise<void>((resolve) => (answerFirst = resolve)), 'FetchChannelsSender');
    h.sim.peakInFlight = 0;

    expect((await h.command('status +14155550100')).status).toBe(200);
    await until(() => h.sim.peakInFlight > 0, 5_000, "the first command's check");
    // These come while the first check waits on Twilio: its answer may be older than they are.
    const acks = await Promise.all(Array.from({ length: 30 }, () => h.command('status +14155550100')));
    answerFirst();

    expect(acks.every((a) => a.status === 200)).toBe(true);
    await h.waitFor(() => h.slack.responses.length - answersBefore >= 31, 20_000);
    for (const answer of h.slack.responses.slice(answersBefore)) expect(JSON.stringify(answer.blocks)).toContain('+14155550100');
    expect(fetches() - fetchesBefore).toBe(2);
  });
});

/** A Slack request whose body is still on its way: the bot is answering it until it ends. */
function requestStillArriving(url: string): ClientRequest {
  const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': 100 } });
  req.on('error', () => {});
  req.write('token=');
  return req;
}

describe('work after the ack', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let pending: ClientRequest | undefined;
  afterEach(() => pending?.destroy());

  it('waits while another Slack request is being answered, and goes on once it has been', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    const fetchesBefore = h.sim.requestsOf('FetchChannelsSender').length;
    const answersBefore = h.slack.responses.length;

    pending = requestStillArriving(h.url);
    await sleep(50);
    expect((await h.command('status +14155550100')).status).toBe(200);
    await sleep(300);
    expect(h.sim.requestsOf('FetchChannelsSender').length).toBe(fetchesBefore);
    expect(h.slack.responses.length).toBe(answersBefore);

    pending.destroy();
    await h.waitFor(() => h.slack.responses.length > answersBefore, 2_000);
    expect(JSON.stringify(h.slack.responses.at(-1)!.blocks)).toContain('+14155550100');
  });

  it('waits a second at most, however long Slack keeps the bot busy', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    const answersBefore = h.slack.responses.length;

    pending = requestStillArriving(h.url);
    await sleep(50);
    const sent = Date.now();
    await h.command('status +14155550100');
    await h.waitFor(() => h.slack.responses.length > answersBefore, 3_000);
    // Held for the whole second, then answered (a Twilio fetch and one post; a busy machine adds to that).
    const waited = h.slack.callsOf('response_url').at(-1)!.at - sent;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(2_000);
  });
});
