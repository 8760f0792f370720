import { type ClientRequest, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('a burst of commands', () => {
  it('acks every one at once, answers every one, and never has more than 8 of them asking Twilio at the same time', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    h.sim.options.latencyMs = 200;
    h.sim.peakInFlight = 0;
    const answersBefore = h.slack.responses.length;

    const acks = await Promise.all(Array.from({ length: 40 }, () => h.command('status +14155550100')));

    expect(acks.every((a) => a.status === 200)).toBe(true);
    await h.waitFor(() => h.slack.responses.length - answersBefore >= 40, 20_000);
    const answers = h.slack.responses.slice(answersBefore);
    expect(answers).toHaveLength(40);
    for (const answer of answers) expect(JSON.stringify(answer.blocks)).toContain('+14155550100');
    expect(h.sim.peakInFlight).toBeGreaterThan(1);
    expect(h.sim.peakInFlight).toBeLessThanOrEqual(8);
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
