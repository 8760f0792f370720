import { describe, expect, it } from 'vitest';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText } from '../support/flows.js';
import { type Harness, type HarnessOptions, harnessPerTest, sameWorld } from '../support/harness.js';
import { alertsMatching, onlineSender, pollEveryMinute, threadOf } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550100';
const startHarnessed = harnessPerTest();
const start = (options: HarnessOptions = {}) => startHarnessed({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE }, ...options });

const notes = async (h: Harness, text: string) => (await threadOf(h, PHONE)).filter((m) => m.text.includes(text));

describe('quality rating and messaging limit', () => {
  it('a fall is alerted once with before → after, what it means and what to do; a rise is a quiet note in the thread; nothing twice across a restart', async () => {
    const first = await start();
    await onlineSender(first, PHONE);
    first.sim.state.setProperties(PHONE, { quality_rating: 'MEDIUM' });
    await pollEveryMinute(first, 15);
    const fell = alertsMatching(first, 'quality fell');
    expect(fell).toHaveLength(1);
    const text = blocksText(fell[0]!.blocks);
    expect(text).toContain('HIGH → MEDIUM');
    expect(text).toContain('lower its messaging limit');
    expect(text).toContain('disconnect the number');
    expect(text).toContain('*Next step:* In WhatsApp Manager');
    expect(text).not.toContain('ONLINE_RECHECK_MINUTES');
    expect(blockKitViolations(fell[0]!, 'message')).toEqual([]);

    await first.stop({ keepServices: true });
    const h = await start({
      ...sameWorld(first),
    });
    await pollEveryMinute(h, 60);
    expect(alertsMatching(h, 'quality fell')).toHaveLength(1);

    h.sim.state.setProperties(PHONE, { quality_rating: 'LOW' });
    await pollEveryMinute(h, 15);
    expect(alertsMatching(h, 'quality fell')).toHaveLength(2);
    expect(blocksText(alertsMatching(h, 'quality fell')[1]!.blocks)).toContain('MEDIUM → LOW');

    h.sim.state.setProperties(PHONE, { quality_rating: 'HIGH' });
    await pollEveryMinute(h, 15);
    expect(alertsMatching(h, 'quality')).toHaveLength(2);
    // Back where it was before the falls: both falls' alerts become one resolved line, none left open.
    expect(alertsMatching(h, 'quality fell')).toHaveLength(0);
    const resolved = alertsMatching(h, 'quality resolved');
    expect(resolved).toHaveLength(2);
    expect(resolved[0]!.blocks).toHaveLength(1);
    expect(blocksText(resolved[0]!.blocks)).toMatch(/Resolved: \*\+14155550100 · Acme Store\*: quality rating back to \*HIGH\* after (\d+ h )?\d+ min\./);
    expect(await notes(h, 'quality rose: LOW → HIGH')).toHaveLength(1);
    expect((await notes(h, 'quality rose'))[0]!.broadcast).toBe(false);
  });

  it('a change of the messaging limit is noted in the thread, and a lowered one is alerted', async () => {
    const h = await start();
    await onlineSender(h, PHONE);
    h.sim.state.setProperties(PHONE, { messaging_limit: '10K Customers/24hr' });
    await pollEveryMinute(h, 15);
    expect(await notes(h, 'messaging limit changed: 1K Customers/24hr → 10K Customers/24hr')).toHaveLength(1);
    expect(alertsMatching(h, 'messaging limit')).toHaveLength(0);
    h.sim.state.setProperties(PHONE, { messaging_limit: '250 Customers/24hr' });
    await pollEveryMinute(h, 15);
    expect(await notes(h, 'messaging limit lowered')).toHaveLength(1);
    const lowered = alertsMatching(h, 'messaging limit lowered');
    expect(lowered).toHaveLength(1);
    expect(blocksText(lowered[0]!.blocks)).toContain('10K Customers/24hr → 250 Customers/24hr');
    await pollEveryMinute(h, 60);
    expect(alertsMatching(h, 'messaging limit lowered')).toHaveLength(1);
  });

  it('/senders list and the Home tab show quality and limit per ONLINE sender; the Home tab counts MEDIUM and LOW', async () => {
    const h = await start();
    await onlineSender(h, PHONE);
    await onlineSender(h, '+14155550200');
    h.sim.state.setProperties(PHONE, { quality_rating: 'LOW', messaging_limit: '250 Customers/24hr' });
    await pollEveryMinute(h, 15);
    await h.command('list');
    await h.settle();
    const list = blocksText(h.slack.responses.at(-1)!.blocks);
    expect(list).toContain('quality LOW · limit 250 Customers/24hr');
    expect(list).toContain('quality HIGH · limit 1K Customers/24hr');

    await h.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
    await h.settle();
    const view = h.slack.callsOf('views.publish').at(-1)!.args.view;
    expect(blockKitViolations(view, 'home')).toEqual([]);
    const home = blocksText(view.blocks);
    expect(home).toContain('Quality: 0 at MEDIUM, 1 at LOW');
    expect(home).toContain('+14155550100 (Acme Store) · Main account: :red_circle: quality LOW · limit 250 Customers/24hr');
  });

  it('the simulator plays a fall and a rise by itself', async () => {
    const h = await start();
    h.sim.setScenario(PHONE, 'quality_falls_and_rises', undefined, 20 * MINUTE);
    await onlineSender(h, PHONE);
    await pollEveryMinute(h, 70);
    // Two falls, then back to HIGH: both falls' alerts say it is resolved.
    expect(alertsMatching(h, 'quality fell')).toHaveLength(0);
    expect(alertsMatching(h, 'quality resolved')).toHaveLength(2);
    expect(await notes(h, 'quality rose: LOW → HIGH')).toHaveLength(1);
  });
});
