import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { record } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { until } from '../support/until.js';
import { alertsMatching, registerAndVerify } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;

describe('Re-check while a poll runs', () => {
  it('posts the ONLINE alert of a sender checked by both exactly once', async () => {
    h = await startHarness();
    await registerAndVerify(h, '+14155550100');
    await registerAndVerify(h, '+14155550101');
    const a = await record(h, '+14155550100');
    const b = await record(h, '+14155550101');
    h.clock.advance(10 * MINUTE);
    // The poll's answer about B is held, so the poll is still running when A is re-checked.
    h.sim.delayNext(1_500, 1, 'FetchChannelsSender', b.sid!);
    const fetchesOfA = () => h.sim.requestsOf('FetchChannelsSender').filter((r) => r.path.includes(a.sid!)).length;
    const before = fetchesOfA();
    const poll = h.bot.poller.runOnce();
    await until(() => fetchesOfA() > before, 5_000, "the poll's check of A");
    await h.click(ACTION.recheck, a.id, { ts: a.slack!.ts!, channel: 'C0ONBOARD' });
    await poll;
    await h.settle();

    const online = alertsMatching(h, 'is online').map((m) => m.text);
    expect(online.filter((text) => text.startsWith('+14155550100'))).toHaveLength(1);
    expect(online.filter((text) => text.startsWith('+14155550101'))).toHaveLength(1);
    expect((await record(h, '+14155550100')).status).toBe('ONLINE');
    expect(h.slack.responses.at(-1)!.text).toContain('*Online*');
  });
});
