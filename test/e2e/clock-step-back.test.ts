import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { blocksText, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const INTERVAL = 3 * MINUTE;

/** The host clock runs a day ahead while `work` happens, then is set right. */
async function whileClockRunsADayAhead(work: () => Promise<unknown>) {
  h.clock.advance(DAY);
  await work();
  h.clock.advance(-DAY);
}

describe('after the host clock ran a day ahead and was set back', () => {
  it('the create queue sends its next registration within one interval', async () => {
    h = await startHarness({ sendersMinIntervalMs: INTERVAL });
    await whileClockRunsADayAhead(() => register(h, { phone: '+14155550100', name: 'Acme Store' }));
    const correctedAt = h.clock.now();

    const queued = await register(h, { phone: '+14155550101', name: 'Acme Store' });
    expect(queued.view.title.text).toBe('Registration queued');
    expect(blocksText(queued.view.blocks)).toContain('its turn comes at about <!date^1795608180^{date_short_pretty} {time}|12:03 UTC>');

    await h.drainQueue();
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(2);
    expect(h.clock.now() - correctedAt).toBeLessThanOrEqual(INTERVAL);
  });

  it('Resend is allowed again RESEND_MIN_MINUTES later, not a day later', async () => {
    h = await startHarness({ resendMinMinutes: 3, sendersMinIntervalMs: INTERVAL });
    await whileClockRunsADayAhead(() => register(h, { phone: '+14155550100', name: 'Acme Store' }));
    const sender = await record(h, '+14155550100');
    const message = { ts: sender.slack!.ts!, channel: sender.slack!.channel };

    await h.click(ACTION.resend, sender.id, message);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('You can resend in about 3 min (<!date^1795608180^{date_short_pretty} {time}|12:03 UTC>)');

    h.clock.advanceMinutes(3);
    await h.click(ACTION.resend, sender.id, message);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('new code');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
  });

  it('the watcher checks a sender again within its longest wait', async () => {
    h = await startHarness({ watch: { maxIntervalMs: 30 * MINUTE } });
    await whileClockRunsADayAhead(async () => {
      await register(h, { phone: '+14155550100', name: 'Acme Store' });
      await h.pollAfter(MINUTE);
    });
    const fetches = () => h.sim.requestsOf('FetchChannelsSender').length;
    const before = fetches();
    await h.pollAfter(MINUTE);
    expect(fetches()).toBeGreaterThan(before);
  });
});
