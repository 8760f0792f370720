import { afterEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { pollEveryMinute, registerAndVerify, threadOf } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());
const MINUTE = 60_000;

describe('App Home', () => {
  it('shows counts by status, the senders that need a person with their buttons, and the last poll', async () => {
    h = await startHarness({ watch: { stuckOfflineMs: 30 * MINUTE } });
    h.sim.setScenario('+14155550100', 'stuck_offline');
    h.sim.setScenario('+14155550300', 'already_registered');
    await registerAndVerify(h, '+14155550100');
    await register(h, { phone: '+14155550200', name: 'Acme Shop' });
    await register(h, { phone: '+14155550300', name: 'Acme Store' });
    await registerAndVerify(h, '+14155550400');
    await pollEveryMinute(h, 45);

    await h.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
    await h.settle();
    const publish = h.slack.callsOf('views.publish').at(-1)!;
    expect(publish.args.user_id).toBe('U0ALICE');
    const view = publish.args.view;
    expect(view.type).toBe('home');
    expect(blockKitViolations(view, 'home')).toEqual([]);
    const text = blocksText(view.blocks);
    expect(text).toMatch(/Online\*: 1/);
    expect(text).toMatch(/Offline\*: 1/);
    expect(text).toMatch(/Failed\*: 1/);
    expect(text).toContain('Needs a person (3)');
    expect(text).toContain('+14155550100');
    expect(text).toContain('+14155550200');
    expect(text).toContain('+14155550300');
    expect(text).not.toMatch(/\+14155550400 ·/);
    expect(text).toContain('Enter code');
    expect(text).toContain('Snooze 4 h');
    expect(text).toMatch(new RegExp(`Last poll <!date\\^\\d+\\^[^|]+\\|${new Date(h.clock.now()).toISOString().slice(11, 16)} UTC>`));
  });
});

describe('watch and unwatch', () => {
  it('watches a sender registered elsewhere until it is online, and stops when unwatched', async () => {
    h = await startHarness();
    const outside = h.sim.state.create(h.mainAccountSid, { sender_id: 'whatsapp:+14155550999', profile: { name: 'Console Sender' } });
    await h.command(`watch ${outside.sid}`);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('Watching *+14155550999*');
    expect(await record(h, '+14155550999')).toMatchObject({ path: 'watched', sid: outside.sid });
    expect(h.slack.postedIn('C0ONBOARD').some((m) => !m.threadTs && m.text.includes('+14155550999'))).toBe(true);

    await h.command('watch +1 415 555 0999');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('already watched. See `/senders status +14155550999`');

    await pollEveryMinute(h, 3);
    expect((await threadOf(h, '+14155550999')).map((m) => m.text)).toContain('+14155550999: Creating → Waiting for the code (in progress)');

    await h.command('unwatch +14155550999');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('No more checks');
    const fetches = h.sim.requestsOf('FetchChannelsSender').length;
    await pollEveryMinute(h, 60);
    expect(h.sim.requestsOf('FetchChannelsSender').length).toBe(fetches);
    await h.command('list');
    await h.settle();
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).not.toContain('+14155550999');
  });
});
