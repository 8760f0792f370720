import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/store/storage-error.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { openRegistrationModal, register } from '../support/flows.js';
import { ALERT_CHANNEL, type Harness, harnessPerTest, sameWorld } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { alertsMatching, registerAndVerify } from '../watcher/support.js';

const MINUTE = 60_000;
const start = harnessPerTest();

const storageAlerts = (h: Harness) => h.slack.postedIn(ALERT_CHANNEL).filter((m) => m.text.includes('cannot save its data'));
const recoveryNotes = (h: Harness) => h.slack.postedIn(ALERT_CHANNEL).filter((m) => m.text.includes('Storage works again'));
const creates = (h: Harness) => h.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id);

describe('a data file that cannot be written', () => {
  it('refuses a registration while the disk is full, keeps nothing of it, never sends it, and takes the same number once writes work again', async () => {
    const disk = new FaultyDisk();
    const h = await start({ store: { fs: disk, retryMs: 20 } });
    const viewId = await openRegistrationModal(h);
    disk.fail('ENOSPC');

    const refused = await h.submitView(viewId, { phone: '+14155550100', name: 'Acme Store' });
    expect(refused.body.response_action).toBe('errors');
    expect(refused.body.errors.phone).toMatch(
      /cannot save right now: the disk is full\. Nothing was registered or sent to Twilio\. Try again in a few minutes/,
    );
    expect((await stored(h)).senders).toEqual([]);
    expect((await stored(h)).audit.filter((e) => e.action === 'register')).toEqual([]);

    disk.heal();
    await h.waitFor(() => h.bot.store.health.ok);
    // Across a restart too: nothing refused comes back to be sent.
    await h.stop({ keepServices: true });
    const after = await start({
      ...sameWorld(h),
    });
    await after.drainQueue();
    expect(creates(after)).toEqual([]);
    expect(JSON.parse(await readFile(after.dataFile, 'utf8')).senders).toEqual([]);

    const { ack } = await register(after, { phone: '+14155550100', name: 'Acme Store' });
    expect(ack.body.response_action).toBe('update');
    expect(creates(after)).toEqual(['whatsapp:+14155550100']);
  });

  it('refuses customer add while the disk is full: no subaccount made, nothing kept, the same command works once writes do', async () => {
    const disk = new FaultyDisk();
    const h = await start({ store: { fs: disk, retryMs: 20 } });
    disk.fail('ENOSPC');
    await h.command('customer add "Acme Corp"');
    await h.waitFor(() => h.slack.responses.length > 0);
    expect(h.slack.responses.at(-1)!.text).toContain('cannot save right now: the disk is full. No subaccount was created and nothing was changed.');
    expect(h.sim.requestsOf('CreateAccount')).toEqual([]);
    expect((await stored(h)).pendingSubaccounts).toEqual([]);

    disk.heal();
    await h.waitFor(() => h.bot.store.health.ok);
    await h.command('customer add "Acme Corp"');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('created a new Twilio subaccount');
    expect(h.sim.requestsOf('CreateAccount')).toHaveLength(1);
  });

  it('keeps polling and answering commands while writes fail on a read-only file system', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const disk = new FaultyDisk();
      const h = await start({ store: { fs: disk, retryMs: MINUTE }, pollCron: '* * * * * *' });
      disk.fail('EROFS');
      // The scheduled poll fails to store its time, and nothing of it is kept.
      await h.waitFor(() => disk.failedWrites > 0);
      expect((await stored(h)).poller.lastPollAt).toBeUndefined();

      await h.command('help');
      await h.settle();
      expect(JSON.stringify(h.slack.responses.at(-1))).toContain('/senders register');
      expect(unhandled).toEqual([]);
      disk.heal();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('raises one alert however many writes fail, probes by itself, and posts one note when writes work again', async () => {
    const disk = new FaultyDisk();
    const h = await start({ store: { fs: disk, retryMs: 10 }, delays: { creatingMs: 1_000, verifyingMs: 10_000, offlineMs: 10_000 } });
    await registerAndVerify(h, '+14155550100');
    disk.fail('ENOSPC');
    for (const ms of [MINUTE, 1_000, 1_000]) await expect(h.pollAfter(ms)).rejects.toBeInstanceOf(StorageError);
    await h.waitFor(() => disk.failedWrites >= 10 && storageAlerts(h).length > 0);

    expect(storageAlerts(h)).toHaveLength(1);
    expect(storageAlerts(h)[0]!.text).toContain(h.dataFile);
    expect(storageAlerts(h)[0]!.text).toContain('the disk is full');
    expect(storageAlerts(h)[0]!.text).toContain('free disk space');
    expect(h.logLines.filter((l) => l.includes('cannot write the data file'))).toHaveLength(1);
    // Nothing of the failed polls stays (src/store/repositories.ts): no ONLINE status, no alert.
    expect((await stored(h)).senders[0]!.status).not.toBe('ONLINE');
    expect(alertsMatching(h, 'is online')).toEqual([]);

    disk.heal();
    await h.waitFor(() => recoveryNotes(h).length > 0);
    // The next poll decides again from what is stored: one ONLINE alert.
    await h.pollAfter(MINUTE);
    await h.waitFor(() => alertsMatching(h, 'is online').length > 0);
    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    expect((await stored(h)).senders[0]!.status).toBe('ONLINE');
    expect(storageAlerts(h)).toHaveLength(1);
    expect(recoveryNotes(h)).toHaveLength(1);
    expect(h.logLines.filter((l) => l.includes('can be written again'))).toHaveLength(1);
    // The file holds what the store holds.
    expect(JSON.parse(await readFile(h.dataFile, 'utf8')).poller.lastPollAt).toBe((await stored(h)).poller.lastPollAt);
  });
});
