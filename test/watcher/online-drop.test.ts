import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText, channelMessageFor, record } from '../support/flows.js';
import { ALERT_CHANNEL, ALICE, type Harness, type HarnessOptions, harnessPerTest, sameWorld } from '../support/harness.js';
import { alertsMatching, onlineSender, pollEveryMinute, threadOf } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550100';
const BOB = { user: 'U0BOB', channel: ALERT_CHANNEL };
const startHarnessed = harnessPerTest();
const start = (options: HarnessOptions = {}) => startHarnessed({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE }, ...options });

/** A sender registered, verified and seen ONLINE. */

const drops = (h: Harness) => alertsMatching(h, 'dropped from online');
const dmsTo = (h: Harness, user: string) => h.slack.postedIn(user).map((m) => m.text);
const buttonIds = (message: { blocks: any[] }) => message.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));

describe('a sender that leaves ONLINE', () => {
  it('is seen within ONLINE_RECHECK_MINUTES through the list endpoint: one alert with since when, what Twilio says and what to do; the message turns red', async () => {
    const h = await start();
    await onlineSender(h, PHONE);
    // ONLINE re-checks go through the list endpoint, one request per account, not one fetch per sender.
    const fetches = h.sim.requestsOf('FetchChannelsSender').length;
    const lists = h.sim.requestsOf('ListChannelsSender').length;
    await pollEveryMinute(h, 45);
    expect(h.sim.requestsOf('FetchChannelsSender').length).toBe(fetches);
    expect(h.sim.requestsOf('ListChannelsSender').length - lists).toBe(3);

    h.sim.state.drop(PHONE, '63112');
    await pollEveryMinute(h, 15);
    const alert = drops(h);
    expect(alert).toHaveLength(1);
    const text = blocksText(alert[0]!.blocks);
    expect(text).toContain('dropped from Online to *Offline*');
    expect(text).toMatch(/online since <!date\^\d+\^[^|]+\|\d\d:\d\d UTC>/);
    expect(text).toMatch(/last seen online <!date\^\d+\^[^|]+\|\d\d:\d\d UTC>/);
    expect(text).toContain('*Why:* The WABA or the Meta business is disabled');
    expect(text).toContain('*Next step:* Open Meta Business Suite');
    expect(text).toContain('|Twilio’s page on error 63112>');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(buttonIds(alert[0]!)).toEqual([ACTION.takeAlert, ACTION.recheck, ACTION.snooze, ACTION.alertDetails, ACTION.openConsole]);
    expect(blockKitViolations(alert[0]!, 'message')).toEqual([]);

    const message = blocksText((await channelMessageFor(h, PHONE)).blocks);
    expect(message).toContain('Dropped from online');
    expect(message).toContain(':red_circle: *Offline*');
    expect(message).toContain('Dropped: it was online from');
    expect(message).not.toContain('not online yet');
    expect((await threadOf(h, PHONE)).at(-1)!.text).toContain('Online → Offline');
    expect(dmsTo(h, ALICE.user).filter((t) => t.includes('dropped from online to offline'))).toHaveLength(1);

    await pollEveryMinute(h, 120);
    expect(drops(h)).toHaveLength(1);
    expect(alertsMatching(h, 'stuck: offline')).toHaveLength(0);
  });

  it('"I\'m on it" shows who took it and when, and reminders then go to that person in the thread, not the channel; a recovery edits the alert', async () => {
    const h = await start({ watch: { stuckRemindMs: 60 * MINUTE } });
    await onlineSender(h, PHONE);
    h.sim.state.drop(PHONE);
    await pollEveryMinute(h, 15);
    const alert = drops(h)[0]!;
    await pollEveryMinute(h, 60);
    const replies = () => h.slack.repliesTo(alert.ts);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.broadcast).toBe(true);

    await h.click(ACTION.takeAlert, (await record(h, PHONE)).id, { ts: alert.ts, channel: ALERT_CHANNEL }, BOB);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('You are on');
    expect(blocksText(alert.blocks)).toMatch(/<@U0BOB> is on it since <!date\^\d+\^[^|]+\|\d\d:\d\d UTC>/);
    expect(buttonIds(alert)).not.toContain(ACTION.takeAlert);
    expect(blocksText(alert.blocks)).toContain('*Why:*');
    expect(alert.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).filter((e: any) => e.style === 'primary')).toHaveLength(1);
    expect(blocksText((await channelMessageFor(h, PHONE)).blocks)).toContain('<@U0BOB> is on it');

    await pollEveryMinute(h, 130);
    expect(replies()).toHaveLength(3);
    for (const reminder of replies().slice(1)) {
      expect(reminder.broadcast).toBe(false);
      expect(reminder.text).toContain('<@U0BOB>');
    }
    expect(drops(h)).toHaveLength(1);

    h.sim.state.moveTo(PHONE, 'ONLINE');
    // A dropped sender is checked like any sender not ONLINE: at least every POLL_MAX_MINUTES.
    await pollEveryMinute(h, 31);
    expect(alert.text).toContain('resolved');
    expect(blocksText(alert.blocks)).toMatch(/Resolved: \*\+14155550100 · Acme Store\* is \*Online\* again after \d+ h( \d+ min)? · taken by <@U0BOB>\./);
    // The edit stands for the recovery: no second ONLINE alert.
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    expect(dmsTo(h, ALICE.user).filter((t) => t.includes('online again'))).toHaveLength(1);
    expect(blocksText((await channelMessageFor(h, PHONE)).blocks)).not.toContain('Dropped');
  });

  it('alerts nothing twice across a restart, and the recovery after it still edits the alert', async () => {
    const first = await start();
    await onlineSender(first, PHONE);
    first.sim.state.drop(PHONE, '63111');
    await pollEveryMinute(first, 15);
    expect(drops(first)).toHaveLength(1);
    await first.stop({ keepServices: true });
    const h = await start({
      ...sameWorld(first),
    });
    await pollEveryMinute(h, 60);
    expect(drops(h)).toHaveLength(1);
    expect(dmsTo(h, ALICE.user).filter((t) => t.includes('dropped'))).toHaveLength(1);
    h.sim.state.moveTo(PHONE, 'ONLINE');
    // A dropped sender is checked like any sender not ONLINE: at least every POLL_MAX_MINUTES.
    await pollEveryMinute(h, 31);
    expect(drops(h)).toHaveLength(0);
    expect(alertsMatching(h, 'resolved')).toHaveLength(1);
    expect(blocksText(alertsMatching(h, 'resolved')[0]!.blocks)).toContain('nobody took it');
  });

  it('the simulator plays a drop after ONLINE by itself', async () => {
    const h = await start();
    h.sim.setScenario(PHONE, 'drops_after_online', '63124', 30 * MINUTE);
    await onlineSender(h, PHONE);
    await pollEveryMinute(h, 45);
    expect(drops(h)).toHaveLength(1);
    expect(blocksText(drops(h)[0]!.blocks)).toContain('Meta rejected the display name');
  });
});
