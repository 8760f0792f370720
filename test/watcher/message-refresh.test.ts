import { afterEach, describe, expect, it } from 'vitest';
import { blocksText, record } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { until } from '../support/until.js';
import { registerAndVerify } from './support.js';

const PHONE = '+14155550310';
const MINUTE = 60_000;
let h: Harness;
afterEach(async () => h?.stop());

describe("a sender's message", () => {
  it('shows the newest status when the status changes again while Slack is still updating it', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE } });
    await registerAndVerify(h, PHONE);
    const { slack } = await record(h, PHONE);
    const updatesBefore = h.slack.callsOf('chat.update').length;

    // Slack holds the first update (the sender now OFFLINE, on its way) until the next poll has seen it ONLINE.
    let answerSlack!: () => void;
    h.slack.fault('chat.update', { until: new Promise<void>((resolve) => (answerSlack = resolve)) }, { times: 1 });
    h.clock.advance(1.5 * MINUTE);
    await h.bot.poller.runOnce();
    expect((await record(h, PHONE)).status).toBe('OFFLINE');
    await until(() => h.slack.callsOf('chat.update').length > updatesBefore);
    h.clock.advance(MINUTE);
    await h.bot.poller.runOnce();
    expect((await record(h, PHONE)).status).toBe('ONLINE');
    answerSlack();
    await h.settle();

    const message = h.slack.messages.find((m) => m.channel === slack!.channel && m.ts === slack!.ts)!;
    expect(blocksText(message.blocks)).toContain('*Online*');
  });
});
