import { describe, expect, it } from 'vitest';
import { slackTime } from '../../src/views/time-text.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText } from '../support/flows.js';
import { harnessPerTest } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { buy, pressBuy } from './support.js';

const start = harnessPerTest();
const NUMBER = '+12125550142';

/** A purchase into the customer's account whose answer is lost, with the look after it unanswered too: the bot cannot tell. */
async function lostPurchase(h: Awaited<ReturnType<typeof start>>, customerId: string, landed: boolean) {
  const viewId = await pressBuy(h, NUMBER);
  await h.submitView(viewId, { customer: customerId });
  if (landed) {
    h.sim.delayNext(0, 1, 'ListIncomingPhoneNumber');
    h.sim.dropAfterProcessing(1, 'CreateIncomingPhoneNumber');
    h.sim.failNext(503, 4, 'ListIncomingPhoneNumber');
  } else h.sim.failNext(500, 1, 'CreateIncomingPhoneNumber');
  await h.submitView(viewId, {});
  await h.settle();
  return blocksText(h.slack.viewFor(viewId).blocks);
}

describe('a purchase whose outcome is unknown', () => {
  it('says when to press Buy again: the real wait, 4 × the Twilio timeout (2 minutes by default)', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    const at = h.clock.now();
    const text = await lostPurchase(h, acme!.id, false);
    expect(text).toContain('never buys twice');
    expect(text).toContain(`after ${slackTime(at + 120_000, at)}`);
    expect(text).toContain('in about 2 minutes');
  });

  it('a later Buy for another customer finds the number where the lost purchase put it, names that customer, and buys nothing', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    await lostPurchase(h, acme!.id, true);
    expect(h.sim.state.numbers.find((n) => n.phone_number === NUMBER)?.account_sid).toBe(acme!.accountSid);

    const viewId = await buy(h, NUMBER, globex!.id);
    const text = blocksText(h.slack.viewFor(viewId).blocks);
    expect(text).toContain(`is in *${acme!.name}*’s account`);
    expect(text).toContain(`Nothing was bought for *${globex!.name}*`);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
    expect((await stored(h)).pendingPurchases ?? []).toEqual([]);
  });

  it('a Buy for another customer while the first may still land waits for it, naming the first customer; once it cannot have landed, buys', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    await lostPurchase(h, acme!.id, false);

    const soon = await buy(h, NUMBER, globex!.id);
    const text = blocksText(h.slack.viewFor(soon).blocks);
    expect(text).toContain(`was being bought for *${acme!.name}*`);
    expect(text).toContain(`Nothing was bought for *${globex!.name}*`);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);

    h.clock.advanceMinutes(3);
    const later = await buy(h, NUMBER, globex!.id);
    expect(blocksText(h.slack.viewFor(later).blocks)).toContain(`is now *${globex!.name}*’s`);
    expect(h.sim.state.numbers.find((n) => n.phone_number === NUMBER)?.account_sid).toBe(globex!.accountSid);
    expect((await stored(h)).pendingPurchases ?? []).toEqual([]);
  });
});
