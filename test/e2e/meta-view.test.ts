import { describe, expect, it } from 'vitest';
import { metaSignature } from '../../src/meta/webhook-signature.js';
import type { MetaStandIn } from '../../src/sandbox/meta/meta-standin.js';
import { ACTION } from '../../src/views/ids.js';
import { blocksText, channelMessageFor, record, register } from '../support/flows.js';
import { ALERT_CHANNEL, type Harness, harnessPerTest } from '../support/harness.js';
import { META_APP_SECRET, META_SYSTEM_USER, META_WEBHOOK_VERIFY_TOKEN, startWithMeta } from '../support/onboarding.js';
import { choose, pollEveryMinute } from '../watcher/support.js';

const MINUTE = 60_000;
const PHONES = ['+14155550101', '+14155550102'];
const startHarness = harnessPerTest();

/** Alerts of Meta's incidents in the alert channel (top-level posts), by a word of their text. */
const metaAlerts = (h: Harness) =>
  h.slack.postedIn(ALERT_CHANNEL).filter((m) => !m.threadTs && m.blocks.some((b: any) => b.block_id === 'meta_incident_actions'));
const phoneNumberReads = (meta: { graphRequests: { path: string }[] }) => meta.graphRequests.filter((r) => r.path.endsWith('/phone_numbers')).length;

/** A customer with a WABA at Meta and two senders ONLINE at Twilio, the system user given the WABA. */
async function customerOnline() {
  const delays = { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE };
  const { h, meta } = await startWithMeta(startHarness, { delays }, undefined, {}, { systemUser: true });
  const { wabaId, customer: acme } = await addCustomerOnline(h, meta, 'Acme Corp', PHONES);
  return { h, meta, wabaId, acme };
}

/** A customer with its own WABA at Meta, its numbers registered and ONLINE, given to the system user. */
async function addCustomerOnline(h: Harness, meta: MetaStandIn, name: string, phones: string[]) {
  const wabaId = h.sim.state.addWaba();
  meta.knowWaba(wabaId);
  await h.command(`customer add "${name}" waba ${wabaId}`);
  await h.settle();
  const customer = (await h.bot.store.customers.find(name))!;
  for (const phone of phones) {
    const { viewId } = await register(h, { customer: customer.id, phone, name: 'Acme Store' });
    h.clock.advance(1_000);
    await h.submitView(viewId, { code: h.sim.codeSentTo(phone) });
    await h.settle();
  }
  await pollEveryMinute(h, 3);
  for (const phone of phones) expect((await record(h, phone)).status).toBe('ONLINE');
  await h.command(`customer meta "${name}"`);
  await h.settle();
  expect(h.slack.responses.at(-1)!.text).toContain('now reads Meta');
  expect(meta.subscriptionOf(wabaId)).toBeDefined();
  return { wabaId, customer };
}

describe("Meta's own view beside Twilio's", () => {
  it("reads each WABA on the poll lease, once per recheck, and shows Meta's words in the sender's message", async () => {
    const { h, meta } = await customerOnline();
    await h.bot.metaWatch!.pollDue();
    await h.settle();
    expect(phoneNumberReads(meta)).toBe(1);
    expect(blocksText((await channelMessageFor(h, PHONES[0]!)).blocks)).toContain('Meta: Connected');
    // Not due again before ONLINE_RECHECK_MINUTES (15 by default).
    h.clock.advance(10 * MINUTE);
    await h.bot.metaWatch!.pollDue();
    expect(phoneNumberReads(meta)).toBe(1);
    h.clock.advance(5 * MINUTE);
    await h.bot.metaWatch!.pollDue();
    expect(phoneNumberReads(meta)).toBe(2);
    expect(metaAlerts(h)).toHaveLength(0);
  });

  it('a WABA Meta restricts while Twilio says ONLINE: one signed webhook, one alert listing both numbers with Meta’s code; a second delivery changes nothing; the lift edits it', async () => {
    const { h, meta, wabaId } = await customerOnline();
    await h.bot.metaWatch!.pollDue();
    await h.settle();

    meta.holdWebhooks();
    await meta.restrictWaba(wabaId, { code: 141006, description: 'No valid payment method', solution: 'Add a payment method in Business Settings' });
    await meta.releaseWebhooks({ twice: true });
    await meta.webhooksSettled();
    await h.settle();

    const alerts = metaAlerts(h);
    expect(alerts).toHaveLength(1);
    const text = blocksText(alerts[0]!.blocks);
    expect(text).toContain('141006');
    expect(text).toContain('No valid payment method');
    expect(text).toContain('Twilio still says Online');
    for (const phone of PHONES) expect(text.split(phone).length - 1).toBe(1);
    // The twice-delivered event was acted on once: one look at Meta after the first poll's.
    expect(phoneNumberReads(meta)).toBe(2);
    expect(blocksText((await channelMessageFor(h, PHONES[0]!)).blocks)).toContain('cannot send');
    // The Home tab says what Twilio's statuses there do not.
    await h.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
    await h.settle();
    const home = blocksText(h.slack.callsOf('views.publish').at(-1)!.args.view.blocks);
    expect(home).toContain('Meta reports (1)');
    expect(home).toContain('141006');

    // Re-check within a minute of the webhook's look shares it: Meta is not asked again.
    const recheck = alerts[0]!.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === ACTION.metaRecheck).value;
    await h.click(ACTION.metaRecheck, recheck, alerts[0]!);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('the problem is still there');
    expect(phoneNumberReads(meta)).toBe(2);

    await h.click(ACTION.metaTake, alerts[0]!.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === ACTION.metaTake).value, alerts[0]!);
    await h.settle();
    expect(blocksText(h.slack.messages.find((m) => m.ts === alerts[0]!.ts)!.blocks)).toContain('is on it');

    await meta.liftRestriction(wabaId);
    await meta.webhooksSettled();
    await h.settle();
    const edited = h.slack.messages.find((m) => m.ts === alerts[0]!.ts)!;
    expect(edited.text).toContain('Resolved');
    expect(metaAlerts(h)).toHaveLength(0);
    expect(h.slack.postedIn(ALERT_CHANNEL).filter((m) => !m.threadTs && m.text.includes('Meta'))).toHaveLength(1);
  });

  it('a number Meta blocks while Twilio says ONLINE gets its own alert; Snooze silences its reminders', async () => {
    const { h, meta } = await customerOnline();
    await h.bot.metaWatch!.pollDue();
    await meta.blockNumber(PHONES[1]!, { code: 131031, description: 'Account has been locked' });
    await meta.webhooksSettled();
    await h.settle();
    const [alert] = metaAlerts(h);
    expect(alert).toBeDefined();
    const text = blocksText(alert!.blocks);
    expect(text).toContain('131031');
    expect(text).toContain(PHONES[1]!);
    expect(text).not.toContain(PHONES[0]!);

    await choose(h, ACTION.metaSnooze, 'Snooze 24 h', alert!);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('snoozed until');
    h.clock.advance(5 * 60 * MINUTE);
    await h.bot.metaWatch!.pollDue();
    await h.settle();
    expect(h.slack.repliesTo(alert!.ts)).toHaveLength(0);
  });

  it('refuses unsigned and mis-signed webhooks (403) and answers the subscription handshake only with the verify token', async () => {
    const { h, meta, wabaId } = await customerOnline();
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: wabaId, time: 1, changes: [{ field: 'account_update', value: { event: 'DISABLED_UPDATE' } }] }],
    });
    const before = phoneNumberReads(meta);
    expect(await meta.deliverRaw(body)).toBe(403);
    expect(await meta.deliverRaw(body, metaSignature(Buffer.from(body), 'not-the-app-secret'))).toBe(403);
    await h.settle();
    expect(phoneNumberReads(meta)).toBe(before);

    const url = meta.webhookUrl;
    const handshake = (token: string) => fetch(`${url}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    const good = await handshake(META_WEBHOOK_VERIFY_TOKEN);
    expect([good.status, await good.text()]).toEqual([200, '1158201444']);
    expect((await handshake('wrong')).status).toBe(403);
    expect(await meta.deliverRaw(body, metaSignature(Buffer.from(body), META_APP_SECRET))).toBe(200);

    const everything = [...h.logLines, ...h.slack.messages.map((m) => JSON.stringify(m)), ...h.slack.responses.map((r) => JSON.stringify(r))].join('\n');
    for (const secret of [META_SYSTEM_USER.token, META_APP_SECRET, META_WEBHOOK_VERIFY_TOKEN]) expect(everything).not.toContain(secret);
  });

  it("a first display name Meta declines: the alert gives Meta's reason from its webhook, Details lists it, the approval resolves it", async () => {
    const { h, meta } = await customerOnline();
    meta.state.requireNumber(PHONES[0]!).nameStatus = 'PENDING_REVIEW';
    await h.bot.metaWatch!.pollDue();
    await meta.declineName(PHONES[0]!, 'The display name does not match the business name', 'Acme Shop');
    await meta.webhooksSettled();
    await h.settle();
    const [alert] = metaAlerts(h);
    expect(alert).toBeDefined();
    expect(blocksText(alert!.blocks)).toContain('The display name does not match the business name');
    // The reason is kept with the sender: its message says it too.
    expect(blocksText((await channelMessageFor(h, PHONES[0]!)).blocks)).toContain('does not match the business name');

    const value = (id: string) => alert!.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === id)?.value;
    await h.click(ACTION.metaDetails, value(ACTION.metaDetails), alert!);
    await h.settle();
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).toContain(PHONES[0]!);

    expect(value(ACTION.changeName)).toBe((await record(h, PHONES[0]!)).id);

    h.clock.advance(2 * MINUTE);
    await meta.approveName(PHONES[0]!, 'Acme Shop');
    await meta.webhooksSettled();
    await h.settle();
    expect(h.slack.messages.find((m) => m.ts === alert!.ts)!.text).toContain('Resolved');
  });

  it("a slow Meta never holds up Twilio's polls: the poll lease's Meta work runs beside them", async () => {
    const { h, meta } = await customerOnline();
    const release = meta.holdGraphAfter(meta.graphRequests.length);
    const fetches = h.sim.requestsOf('ListChannelsSender').length + h.sim.requestsOf('FetchChannelsSender').length;
    h.clock.advance(20 * MINUTE);
    expect(await h.bot.poller.tick()).toBeDefined();
    // Meta has not answered; the next round of Twilio's poll goes on all the same.
    h.clock.advance(20 * MINUTE);
    expect(await h.bot.poller.tick()).toBeDefined();
    expect(h.sim.requestsOf('ListChannelsSender').length + h.sim.requestsOf('FetchChannelsSender').length).toBeGreaterThan(fetches);
    release();
    await h.settle();
    expect(phoneNumberReads(meta)).toBe(1);
  });

  it("a change of the portfolio's limit is one note, naming the numbers of every WABA in the portfolio", async () => {
    const { h, meta, wabaId } = await customerOnline();
    const other = await addCustomerOnline(h, meta, 'Acme Foods', ['+14155550103']);
    meta.shareBusiness(other.wabaId, wabaId);
    await h.bot.metaWatch!.pollDue();
    await h.settle();
    await meta.setPortfolioLimit(wabaId, 'TIER_10K');
    await meta.webhooksSettled();
    await h.settle();
    const notes = h.slack.postedIn(ALERT_CHANNEL).filter((m) => !m.threadTs && m.text.includes('imit'));
    expect(notes).toHaveLength(1);
    for (const phone of [...PHONES, '+14155550103']) expect(blocksText(notes[0]!.blocks)).toContain(phone);
  });
});
