import { copyFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/store/storage-error.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { type Harness, type HarnessOptions, harnessPerTest, sameWorld } from '../support/harness.js';
import { putBackOutbox } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { onPostgres } from '../support/test-store.js';
import { alertsMatching, pollEveryMinute, registerAndVerify } from './support.js';

const MINUTE = 60_000;
const start = harnessPerTest();

async function restart(before: Harness, options: HarnessOptions = {}) {
  await before.stop({ keepServices: true });
  return start({
    ...options,
    ...sameWorld(before),
  });
}

const delays = { creatingMs: 1_000, verifyingMs: 2 * MINUTE, offlineMs: 2 * MINUTE };

describe('the watcher across restarts', () => {
  it('repeats no alert after a restart between polls', async () => {
    const first = await start({ delays });
    await registerAndVerify(first, '+14155550100');
    await pollEveryMinute(first, 10);
    expect(alertsMatching(first, 'is online')).toHaveLength(1);
    const h = await restart(first);
    await pollEveryMinute(h, 60 * 8);
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
  });

  it('drops no alert when Slack was down: the stored outbox is delivered after the restart, once', async () => {
    const first = await start({ delays, outboxRetryMs: 10 * MINUTE });
    await registerAndVerify(first, '+14155550100');
    first.slack.failing.add('chat.postMessage');
    first.slack.failing.add('chat.update');
    await pollEveryMinute(first, 10);
    expect(alertsMatching(first, 'is online')).toHaveLength(0);
    expect((await stored(first)).outbox.length).toBeGreaterThan(0);

    first.slack.failing.clear();
    const h = await restart(first, { outboxRetryMs: 10 * MINUTE });
    await pollEveryMinute(h, 30);
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    expect((await stored(h)).outbox).toEqual([]);
    expect((await stored(h)).undelivered).toEqual([]);
  });

  it('a crash between Slack taking a message and the bot storing that: Slack is asked before posting again', async () => {
    const first = await start({ delays });
    await registerAndVerify(first, '+14155550100');
    await pollEveryMinute(first, 3);
    first.clock.advance(10 * MINUTE);
    await first.bot.poller.runOnce();
    const pending = (await stored(first)).outbox.map((o) => ({ ...o }));
    expect(pending.some((o) => o.kind === 'post')).toBe(true);
    await first.bot.outbox.idle();
    expect(alertsMatching(first, 'is online')).toHaveLength(1);
    // As if the process died right after Slack answered: the stored outbox still holds the
    // items, marked as being sent.
    await first.stop({ keepServices: true });
    await putBackOutbox(
      first,
      pending.map((o) => ({ ...o, sendingAt: new Date(first.clock.now()).toISOString() })),
    );
    const h = await start({
      delays,
      ...sameWorld(first),
    });
    await h.bot.outbox.idle();
    await pollEveryMinute(h, 5);
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    expect((await stored(h)).outbox).toEqual([]);
  });

  it.skipIf(onPostgres)('a crash in the middle of a poll, before its write, loses no alert and repeats none', async () => {
    const disk = new FaultyDisk();
    const first = await start({ delays, store: { fs: disk } });
    await registerAndVerify(first, '+14155550100');
    await pollEveryMinute(first, 2);
    first.clock.advance(10 * MINUTE);
    const onDisk = `${first.dataFile}.at-crash`;
    await copyFile(first.dataFile, onDisk);
    // The process dies before the poll's write reaches the disk.
    disk.fail('ENOSPC');
    await expect(first.bot.poller.runOnce()).rejects.toBeInstanceOf(StorageError);
    disk.heal();
    await first.stop({ keepServices: true });
    await copyFile(onDisk, first.dataFile);

    const h = await start({
      ...sameWorld(first),
    });
    await pollEveryMinute(h, 10);
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
  });
});
