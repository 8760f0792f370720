import * as fsp from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WriteFs } from '../../src/store/lowdb/durable-json-file.js';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText, channelMessageFor, record, register } from '../support/flows.js';
import { ALERT_CHANNEL, type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { onPostgres } from '../support/test-store.js';
import { until } from '../support/until.js';
import { alertsMatching, choose, pollEveryMinute, registerAndVerify, threadOf } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;

describe('the status watcher', () => {
  it('follows a sender through VERIFYING and OFFLINE to ONLINE: one ONLINE alert, every change in the thread, the message updated', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: 2 * MINUTE, offlineMs: 5 * MINUTE } });
    await registerAndVerify(h, '+14155550100');
    await pollEveryMinute(h, 30);

    const online = alertsMatching(h, 'is online');
    expect(online).toHaveLength(1);
    expect(blocksText(online[0]!.blocks)).toContain('HIGH');
    expect(blocksText(online[0]!.blocks)).toContain('1K Customers/24hr');
    for (const block of [online[0]!]) expect(blockKitViolations(block, 'message')).toEqual([]);

    const notes = (await threadOf(h, '+14155550100')).map((m) => m.text);
    expect(notes).toEqual(['+14155550100: Verifying → Offline (in progress)', '+14155550100: Offline → Online']);
    expect(blocksText((await channelMessageFor(h, '+14155550100')).blocks)).toContain('*Online*');
    expect((await record(h, '+14155550100')).statusHistory.map((s) => s.status)).toEqual(['CREATING', 'VERIFYING', 'OFFLINE', 'ONLINE']);
  });

  it.skipIf(onPostgres)('writes the data file once per poll, however many senders it checks', async () => {
    let writes = 0;
    const disk = {
      ...fsp,
      open: ((path, flags, mode) => {
        if (flags === 'w') writes += 1;
        return fsp.open(path, flags, mode);
      }) as WriteFs['open'],
    };
    h = await startHarness({ store: { fs: disk } });
    for (let i = 0; i < 12; i += 1) await registerAndVerify(h, `+1415555${String(100 + i).padStart(4, '0')}`);
    // Slack deliveries write on their own schedule; only the poll's writes are counted here.
    await h.bot.outbox.stop();
    h.clock.advance(5 * MINUTE);
    writes = 0;
    const report = await h.bot.poller.runOnce();
    expect(report.checked).toBe(12);
    expect(report.changed).toBe(12);
    expect(writes).toBe(1);
    expect((await stored(h)).outbox.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps polling when one sender fails: retries 429 and 5xx, and one failure never fails the poll', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: 24 * 60 * MINUTE, offlineMs: MINUTE }, watch: { concurrency: 1 } });
    await registerAndVerify(h, '+14155550100');
    await registerAndVerify(h, '+14155550200');
    h.sim.failNext(429, 1, 'FetchChannelsSender');
    h.sim.failNext(503, 1, 'FetchChannelsSender');
    let report = await h.pollAfter(5 * MINUTE);
    expect(report).toMatchObject({ checked: 2, failures: 0 });
    h.sim.failNext(500, 4, 'FetchChannelsSender');
    report = await h.pollAfter(10 * MINUTE);
    expect(report.checked).toBe(2);
    expect(report.failures).toBe(1);
    expect((await stored(h)).poller.lastPollFailures).toBe(1);
    report = await h.pollAfter(10 * MINUTE);
    expect(report.failures).toBe(0);
  });

  it('a check that fails after Twilio answered leaves the sender as it was: the next poll sees the change and alerts ONLINE once', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: 2 * MINUTE, offlineMs: 5 * MINUTE } });
    const [customer] = await seedCustomers(h, 1);
    const { viewId } = await register(h, { customer: customer!.id, phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(1_000);
    await h.submitView(viewId, { code: h.sim.codeSentTo('+14155550100') });
    await h.settle();
    for (let i = 0; i < 10 && (await record(h, '+14155550100')).status !== 'OFFLINE'; i += 1) await h.pollAfter(MINUTE);
    expect((await record(h, '+14155550100')).status).toBe('OFFLINE');
    // The customer's name (for the ONLINE alert) cannot be read during the poll that sees ONLINE.
    const customers = h.bot.store.customers;
    const byAccount = customers.byAccount.bind(customers);
    let failing = true;
    vi.spyOn(customers, 'byAccount').mockImplementation(async (accountSid) => {
      if (failing && h.bot.poller.busy) throw new Error('connection reset');
      return byAccount(accountSid);
    });
    let report = await h.pollAfter(MINUTE);
    for (let i = 0; i < 10 && report.failures === 0; i += 1) report = await h.pollAfter(MINUTE);
    expect(report.failures).toBe(1);
    expect((await record(h, '+14155550100')).status).toBe('OFFLINE');
    failing = false;
    await pollEveryMinute(h, 10);
    expect((await record(h, '+14155550100')).status).toBe('ONLINE');
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    expect((await threadOf(h, '+14155550100')).map((m) => m.text)).toContain('+14155550100: Offline → Online');
  });

  it('marks a sender deleted in Twilio (404) and stops polling it', async () => {
    h = await startHarness();
    await registerAndVerify(h, '+14155550100');
    h.sim.state.senders.clear();
    await h.pollAfter(5 * MINUTE);
    expect(await record(h, '+14155550100')).toMatchObject({ status: 'DELETED', state: 'failed' });
    expect((await threadOf(h, '+14155550100')).at(-1)!.text).toContain('Deleted');
    const fetches = h.sim.requestsOf('FetchChannelsSender').length;
    await pollEveryMinute(h, 60);
    expect(h.sim.requestsOf('FetchChannelsSender').length).toBe(fetches);
  });

  it('posts at most about one message per second per channel', async () => {
    h = await startHarness({ channelPaceMs: 150 });
    for (let i = 0; i < 3; i += 1) await registerAndVerify(h, `+1415555${String(100 + i).padStart(4, '0')}`);
    await h.pollAfter(5 * MINUTE);
    await h.pollAfter(5 * MINUTE);
    const posts = h.slack
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === 'C0ONBOARD')
      .slice(-6);
    expect(posts.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < posts.length; i += 1) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(120);
  });
});

const BOB = { user: 'U0BOB', channel: ALERT_CHANNEL };

describe('alerts that need a person', () => {
  it('a sender held OFFLINE gets one stuck alert with its offline reasons and error-log entries, one reminder, and a recovery update', async () => {
    h = await startHarness({ watch: { stuckOfflineMs: 30 * MINUTE, stuckRemindMs: 120 * MINUTE } });
    h.sim.setScenario('+14155550100', 'stuck_offline', '63124');
    await registerAndVerify(h, '+14155550100');
    await pollEveryMinute(h, 100);

    const stuck = alertsMatching(h, 'stuck: offline');
    expect(stuck).toHaveLength(1);
    const text = blocksText(stuck[0]!.blocks);
    // One cause, its one next step and the button for it; nothing that fits another cause.
    expect(text.match(/rejected/g)).toHaveLength(1);
    expect(text).toContain('*Why:* Meta rejected the display name *Acme Store*');
    expect(text).toContain('press *Change display name*');
    expect(text).not.toContain('register again');
    expect(text).not.toContain('Phone number requirements');
    expect(text).not.toContain('Msg=');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(text).not.toContain('subaccount');
    const controls = stuck[0]!.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
    expect(controls.map((e: any) => e.text?.text ?? e.placeholder.text)).toEqual([
      'I’m on it',
      'Change display name',
      'Snooze…',
      'Details',
      'Open in Twilio Console',
    ]);
    expect(controls.filter((e: any) => e.style === 'primary')).toHaveLength(1);
    const sid = (await record(h, '+14155550100')).sid!;
    expect(controls.at(-1).url).toContain(sid);
    expect(blockKitViolations(stuck[0]!, 'message')).toEqual([]);
    expect(h.slack.repliesTo(stuck[0]!.ts)).toHaveLength(0);

    // Details: Twilio's own words, the error-log lines and the whole checklist, for the one who asked.
    await h.click(ACTION.alertDetails, (await record(h, '+14155550100')).id, { ts: stuck[0]!.ts, channel: ALERT_CHANNEL }, BOB);
    await h.settle();
    const details = h.slack.responses.at(-1)!;
    expect(details.response_type).toBe('ephemeral');
    const detailsText = blocksText(details.blocks);
    expect(detailsText).toContain('Error log for this number');
    expect(detailsText).toMatch(/\*63124\* <!date\^\d+\^[^|]+\|\d\d:\d\d UTC>: /);
    for (const item of ['Phone number requirements', 'display name guidelines', 'Twilio error log', 'WhatsApp Manager', 'Twilio support'])
      expect(detailsText).toContain(item);
    expect(h.slack.repliesTo(stuck[0]!.ts)).toHaveLength(0);

    await pollEveryMinute(h, 90);
    const reminders = h.slack.repliesTo(stuck[0]!.ts);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('still offline');

    await h.click(ACTION.takeAlert, (await record(h, '+14155550100')).id, { ts: stuck[0]!.ts, channel: ALERT_CHANNEL }, BOB);
    await h.settle();
    h.clock.advance(10 * MINUTE);
    const sender = [...h.sim.state.senders.values()][0]!;
    sender.timeline.push({ status: 'ONLINE', at: h.clock.now() });
    await pollEveryMinute(h, 40);
    // The alert becomes one line: what recovered, after how long, and who took it.
    expect(stuck[0]!.text).toContain('resolved');
    expect(stuck[0]!.blocks).toHaveLength(1);
    expect(blocksText(stuck[0]!.blocks)).toMatch(/Resolved: \*\+14155550100 · Acme Store\* is \*Online\* again after \d+ h( \d+ min)? · taken by <@U0BOB>\./);
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    expect(alertsMatching(h, 'stuck: offline')).toHaveLength(0);
  });

  it('a snoozed sender stays quiet until the snooze ends', async () => {
    h = await startHarness({ watch: { stuckOfflineMs: 30 * MINUTE, stuckRemindMs: 60 * MINUTE } });
    h.sim.setScenario('+14155550100', 'stuck_offline');
    await registerAndVerify(h, '+14155550100');
    await pollEveryMinute(h, 40);
    const alert = alertsMatching(h, 'stuck: offline')[0]!;
    await choose(h, ACTION.snooze, 'Snooze 4 h', { ts: alert.ts, channel: ALERT_CHANNEL });
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('snoozed until');
    await pollEveryMinute(h, 230);
    expect(h.slack.repliesTo(alert.ts)).toHaveLength(0);
    await pollEveryMinute(h, 40);
    expect(h.slack.repliesTo(alert.ts)).toHaveLength(1);
  });

  it('reminds once when the code is not entered, with the one next step for its path and the buttons', async () => {
    h = await startHarness({ watch: { codeReminderMs: 15 * MINUTE } });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await pollEveryMinute(h, 60);
    const reminders = (await threadOf(h, '+14155550100')).filter((m) => m.text.includes('waiting for its code'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.broadcast).toBe(true);
    const text = blocksText(reminders[0]!.blocks);
    expect(text).toContain('*Next step:* Read the SMS on the phone, then press *Enter code*. No SMS after a few minutes? *Resend code* or *Switch to voice*.');
    expect(text).toContain('error log');
    const ids = reminders[0]!.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));
    expect(ids).toEqual(expect.arrayContaining([ACTION.enterCode, ACTION.resend, ACTION.switchToVoice]));
  });

  it('Re-check now answers with where the sender stands', async () => {
    h = await startHarness();
    await registerAndVerify(h, '+14155550100');
    h.clock.advance(10 * MINUTE);
    await h.click(ACTION.recheck, (await record(h, '+14155550100')).id, { ts: (await record(h, '+14155550100')).slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('Online');
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
  });
});

describe('polling many senders of one account', () => {
  it('lists the account instead of fetching each sender, and still catches a deleted one', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: 24 * 60 * MINUTE, offlineMs: MINUTE } });
    for (let i = 0; i < 20; i += 1) await registerAndVerify(h, `+1415555${String(300 + i).padStart(4, '0')}`);
    const gone = [...h.sim.state.senders.values()].find((s) => s.phoneNumber === '+14155550300')!;
    h.sim.state.senders.delete(gone.sid);
    const fetchesBefore = h.sim.requestsOf('FetchChannelsSender').length;
    const listsBefore = h.sim.requestsOf('ListChannelsSender').length;
    const report = await h.pollAfter(10 * MINUTE);
    expect(report).toMatchObject({ checked: 20, failures: 0 });
    expect(h.sim.requestsOf('ListChannelsSender').length - listsBefore).toBe(1);
    expect(h.sim.requestsOf('FetchChannelsSender').length - fetchesBefore).toBe(1);
    expect(await record(h, '+14155550300')).toMatchObject({ status: 'DELETED', state: 'failed' });
    const checkedAt = new Date(h.clock.now()).toISOString();
    expect((await stored(h)).senders.filter((s) => s.status === 'VERIFYING' && s.watch?.lastCheckedAt === checkedAt)).toHaveLength(19);
  });
});

describe('a poll of more senders than one batch', () => {
  it('checks every due sender, holding one batch of records at a time, and alerts each arrival once', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE } });
    Object.assign(h.bot.store, { batchSize: 2 });
    const phones = Array.from({ length: 5 }, (_, i) => `+1415555${String(400 + i).padStart(4, '0')}`);
    for (const phone of phones) await registerAndVerify(h, phone);
    const reads = vi.spyOn(h.bot.store.senders, 'getMany');
    const first = await h.pollAfter(MINUTE);
    expect(first).toMatchObject({ checked: 5, failures: 0 });
    expect((await stored(h)).poller.lastPollChecked).toBe(5);
    await pollEveryMinute(h, 10);
    for (const phone of phones) expect((await record(h, phone)).status).toBe('ONLINE');
    expect(alertsMatching(h, 'is online')).toHaveLength(5);
    expect(reads.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...reads.mock.calls.map(([ids]) => ids.length))).toBe(2);
  });
});

describe('a poll reading its senders batch by batch', () => {
  it('leaves out a sender unwatched after the poll began, and lists a busy account once however many batches it spans', async () => {
    h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: 24 * 60 * MINUTE, offlineMs: MINUTE } });
    Object.assign(h.bot.store, { batchSize: 10 });
    const phones = Array.from({ length: 25 }, (_, i) => `+1415555${String(500 + i).padStart(4, '0')}`);
    for (const phone of phones) await registerAndVerify(h, phone);
    const last = await record(h, phones.at(-1)!);
    const listsBefore = h.sim.requestsOf('ListChannelsSender').length;
    const fetchesBefore = h.sim.requestsOf('FetchChannelsSender').length;
    // The poll's list request is held until the last sender was unwatched.
    let answer!: () => void;
    h.sim.holdNext(new Promise<void>((resolve) => (answer = resolve)), 'ListChannelsSender');
    h.clock.advance(10 * MINUTE);
    const polling = h.bot.poller.runOnce();
    await until(() => h.sim.requestsOf('ListChannelsSender').length > listsBefore, 5_000, 'the poll listing the account');
    await h.bot.store.senders.save({ ...last, watch: { ...last.watch!, unwatchedAt: new Date(h.clock.now()).toISOString() } });
    answer();
    const report = await polling;
    await h.settle();
    expect(report.checked).toBe(24);
    expect(h.sim.requestsOf('ListChannelsSender').length - listsBefore).toBe(1);
    expect(h.sim.requestsOf('FetchChannelsSender').length - fetchesBefore).toBe(0);
    expect((await record(h, phones.at(-1)!)).watch?.lastCheckedAt).toBe(last.watch?.lastCheckedAt);
  });
});
