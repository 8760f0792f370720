import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/store/storage-error.js';
import { ACTION } from '../../src/views/ids.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { blocksText, channelMessageFor, record } from '../support/flows.js';
import { ALERT_CHANNEL, type Harness, startHarness } from '../support/harness.js';
import { type StoreFaults, storeFaults } from '../support/store-faults.js';
import { alertsMatching, pollEveryMinute, registerAndVerify } from './support.js';

/**
 * One storage-failure policy on both stores (src/store/repositories.ts): a write that fails keeps
 * nothing, the person who asked is told so, and a job decides again from what is stored. Runs on
 * the data file and, in the integration-pg project, on PostgreSQL.
 */
const MINUTE = 60_000;
const PHONE = '+14155550100';

let h: Harness | undefined;
let faults: StoreFaults | undefined;
afterEach(async () => {
  await faults?.remove();
  faults = undefined;
  await h?.stop();
  h = undefined;
});

const replies = (h: Harness) => h.slack.responses.map((r) => String((r as { text?: string }).text ?? ''));

describe('a write that fails while the store cannot write', () => {
  it('a snooze is answered "cannot save", and the reminders it would have silenced still come', async () => {
    const disk = new FaultyDisk();
    h = await startHarness({ store: { fs: disk, retryMs: 20 }, watch: { stuckOfflineMs: 30 * MINUTE, stuckRemindMs: 60 * MINUTE } });
    const bot = h;
    bot.sim.setScenario(PHONE, 'stuck_offline');
    await registerAndVerify(bot, PHONE);
    await pollEveryMinute(bot, 40);
    const alert = alertsMatching(bot, 'stuck: offline')[0]!;
    faults = await storeFaults(bot, disk);

    await faults.fail();
    const before = bot.slack.responses.length;
    await bot.click(ACTION.snooze, `${(await record(bot, PHONE)).id}|240`, { ts: alert.ts, channel: ALERT_CHANNEL });
    await bot.waitFor(() => bot.slack.responses.length > before);
    const answer = replies(bot).at(-1)!;
    expect(answer).toContain('cannot save right now');
    expect(answer).toContain('Nothing was changed');
    expect(answer).not.toContain('snoozed until');

    await faults.heal();
    await bot.waitFor(() => bot.bot.store.health.ok);
    expect((await record(bot, PHONE)).watch?.snoozedUntil).toBeUndefined();
    // Not snoozed: the reminder an hour after the alert comes as it would have.
    await pollEveryMinute(bot, 70);
    expect(bot.slack.repliesTo(alert.ts).length).toBeGreaterThanOrEqual(1);
  });

  it('a poll that decides an alert stores nothing of it; once writes work, the alert is posted exactly once and the status shown is right', async () => {
    const disk = new FaultyDisk();
    h = await startHarness({ store: { fs: disk, retryMs: 20 }, delays: { creatingMs: 1_000, verifyingMs: 10_000, offlineMs: 10_000 } });
    const bot = h;
    await registerAndVerify(bot, PHONE);
    faults = await storeFaults(bot, disk);

    await faults.fail();
    // Twilio says ONLINE by now: the poll decides the ONLINE alert, and cannot store it.
    for (const ms of [MINUTE, MINUTE]) await expect(bot.pollAfter(ms)).rejects.toBeInstanceOf(StorageError);
    expect(alertsMatching(bot, 'is online')).toEqual([]);
    // Nothing of the failed polls stays, in memory or on disk.
    expect((await record(bot, PHONE)).status).not.toBe('ONLINE');

    await faults.heal();
    await bot.waitFor(() => bot.bot.store.health.ok);
    await pollEveryMinute(bot, 3);
    await bot.settle();
    expect(alertsMatching(bot, 'is online')).toHaveLength(1);
    expect((await record(bot, PHONE)).status).toBe('ONLINE');
    expect(blocksText((await channelMessageFor(bot, PHONE))?.blocks)).toContain('*Online*');
  });
});
