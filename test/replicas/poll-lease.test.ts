import { describe, expect, it, vi } from 'vitest';
import { harnessPerTest } from '../support/harness.js';
import { until } from '../support/until.js';
import { registerAndVerify } from '../watcher/support.js';
import { leasesOf, onSharedDatabase, POSTGRES, pollsOf, replicaOf, replicaTestsProblem } from './support.js';

const problem = await replicaTestsProblem('poll lease tests');
const start = harnessPerTest();
onSharedDatabase();

/** Every second, so a lease lasts one second and a takeover is due within two. */
const EVERY_SECOND = '* * * * * *';
/** The schedule runs (and the lease is used) but never fires during a test: its polls are run by hand. */
const NEVER = '0 0 1 1 *';

describe.skipIf(problem)('one poller among replicas', () => {
  it('polls on one replica only while the schedule runs on both, and passes the poll on when that one stops', async () => {
    const a = await start({ ...POSTGRES, pollCron: EVERY_SECOND });
    const b = await start(replicaOf(a, { pollCron: EVERY_SECOND }));
    await until(async () => (await pollsOf(a)) + (await pollsOf(b)) >= 3, 10_000, 'three polls');
    const [first, second] = [await pollsOf(a), await pollsOf(b)];
    expect(Math.min(first, second)).toBe(0);

    const [holder, other] = first > 0 ? [a, b] : [b, a];
    await holder.stop({ keepServices: true });
    await until(async () => (await pollsOf(other)) >= 2, 10_000, 'the other replica polling');
  });

  it('takes the poll over from a holder that died once its lease lapses, within two poll periods', async () => {
    const a = await start(POSTGRES);
    // Another replica took the lease and died: nobody renews it.
    const dead = await leasesOf(a).take('poll', 'replica-that-died', 1_000);
    expect(dead).toBeDefined();
    const diedAt = Date.now();
    const b = await start(replicaOf(a, { pollCron: EVERY_SECOND }));
    await until(async () => (await pollsOf(b)) >= 1, 10_000, 'the poll taken over');
    expect(Date.now() - diedAt).toBeLessThan(2 * 1_000 + 500);
    expect(dead!.expiresAt).toBeLessThanOrEqual(Date.now());
    expect(await leasesOf(b).stillHeld(dead!)).toBe(false);
  });

  it('checks every sender again at the next poll when the lease could not be read after a batch', async () => {
    const a = await start({ ...POSTGRES, pollCron: NEVER });
    for (const phone of ['+14155550600', '+14155550601']) await registerAndVerify(a, phone);
    a.clock.advance(10 * 60_000);
    const table = leasesOf(a);
    vi.spyOn(table, 'stillHeld').mockRejectedValueOnce(new Error('connection terminated'));
    await expect(a.bot.poller.tick()).rejects.toThrow('connection terminated');
    const report = await a.bot.poller.runOnce();
    expect(report.checked).toBe(2);
  });
});
