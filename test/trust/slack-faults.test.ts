import { describe, expect, it } from 'vitest';
import { GROUP_UNCHECKED } from '../../src/access.js';
import { ACTION } from '../../src/views/ids.js';
import { FakeSlack, type SlackFault } from '../support/fake-slack.js';
import { blocksText, openRegistrationModal, record, register } from '../support/flows.js';
import { type Harness, harnessPerTest, sameWorld } from '../support/harness.js';
import type { Actor } from '../support/slack-requests.js';
import { snapshotStore } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { until } from '../support/until.js';
import { alertsMatching, registerAndVerify } from '../watcher/support.js';

const MINUTE = 60_000;
const start = harnessPerTest();

/** A new bot on the same data file, Slack, Twilio and clock, as after a crash and a restart. */
function startAgain(before: Harness): Promise<Harness> {
  return start({
    ...sameWorld(before),
  });
}

const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };
const BOB: Actor = { user: 'U0BOB', channel: 'C0OTHER' };
const GRACE: Actor = { user: 'U0GRACE', channel: 'C0ONBOARD' };

const topLevel = (h: Harness, channel: string) => h.slack.postedIn(channel).filter((m) => !m.threadTs);

describe('Slack unreachable when the bot starts', () => {
  it('the first requests fail while auth.test does, and the bot answers once Slack is back, without a restart', async () => {
    const slack = new FakeSlack();
    await slack.start();
    slack.fault('auth.test', { status: 500 }, { times: 2 });
    const h = await start({ slack });
    await h.command('list');
    await h.settle();
    expect(h.slack.responses).toHaveLength(0);
    await h.command('list');
    await h.settle();
    expect(h.slack.responses).toHaveLength(0);
    await h.command('list');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('No senders');
    await slack.stop();
  });
});

describe('one failing Slack call does not stall the rest', () => {
  it('a channel whose posts fail with HTTP 500 holds back no ONLINE alert for the alert channel; its posts are retried, counted, then kept as undelivered', async () => {
    const h = await start({ delays: { creatingMs: 1_000, verifyingMs: 2 * MINUTE, offlineMs: 2 * MINUTE }, outboxRetryMs: 10 * MINUTE });
    await registerAndVerify(h, '+14155550100');
    h.slack.fault('chat.postMessage', { status: 500 }, { channel: 'C0ONBOARD' });

    for (let minute = 0; minute < 8 && alertsMatching(h, 'is online').length === 0; minute += 1) await h.pollAfter(MINUTE);

    expect(alertsMatching(h, 'is online')).toHaveLength(1);
    const note = (await stored(h)).outbox.find((o) => o.text?.includes('Verifying → Offline'))!;
    expect(note).toMatchObject({ attempts: 1 });
    expect(note.lastError).toContain('500');

    // Each retry waits twice as long as the one before; the fifth failure is the last.
    for (let i = 0; i < 4; i += 1) {
      h.clock.advance(3 * 60 * MINUTE);
      h.bot.outbox.kick();
      await h.bot.outbox.idle();
    }
    const kept = (await stored(h)).undelivered.find((o) => o.id === note.id)!;
    expect(kept).toMatchObject({ attempts: 5 });
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.text === note.text)).toHaveLength(5);
    expect((await stored(h)).outbox.some((o) => o.id === note.id)).toBe(false);
  });

  it('a 429 on a post delays nobody’s form: another person’s register opens at once, and only that channel waits out the Retry-After', async () => {
    const h = await start();
    h.slack.fault('chat.postMessage', { status: 429, retryAfter: 30 }, { times: 1 });
    const aliceView = await openRegistrationModal(h);
    await h.submitView(aliceView, { phone: '+14155550100', name: 'Acme Store' }, ALICE);
    await until(() => h.slack.callsOf('chat.postMessage').length === 1, 5_000, 'the rate-limited post');
    const limited = h.slack.callsOf('chat.postMessage')[0]!;

    const opened = h.slack.callsOf('views.open').length;
    await h.command('register', BOB);
    // A trigger lives 3 s; the Retry-After is 30 s.
    await until(() => h.slack.callsOf('views.open').length > opened, 3_000, 'the form to open');
    expect(h.slack.callsOf('views.open').at(-1)!.at - limited.at).toBeLessThan(3_000);

    // Bob's registration message, in another channel, goes while Alice's channel waits.
    await h.submitView(h.slack.callsOf('views.open').at(-1)!.args.__id, { phone: '+14155550200', name: 'Bob Store' }, BOB);
    await h.settle();
    expect(topLevel(h, 'C0OTHER')).toHaveLength(1);
    expect(topLevel(h, 'C0ONBOARD')).toHaveLength(0);

    h.clock.advance(29_000);
    h.bot.outbox.kick();
    await h.bot.outbox.idle();
    expect(topLevel(h, 'C0ONBOARD')).toHaveLength(0);
    h.clock.advance(1_000);
    h.bot.outbox.kick();
    await h.bot.outbox.idle();
    expect(topLevel(h, 'C0ONBOARD')).toHaveLength(1);
    expect((await record(h, '+14155550100')).slack?.ts).toBe(topLevel(h, 'C0ONBOARD')[0]!.ts);
  });

  it('retries by itself once a failed message is due, with nothing else happening', async () => {
    const h = await start({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE }, outboxRetryMs: 300 });
    await registerAndVerify(h, '+14155550100');
    h.slack.fault('chat.postMessage', { error: 'internal_error' }, { channel: 'C0ALERTS', times: 1 });
    const failed = () => h.slack.callsOf('chat.postMessage').some((c) => c.fault);
    for (let minute = 0; minute < 10 && !failed(); minute += 1) await h.pollAfter(MINUTE);
    expect(failed()).toBe(true);
    expect(alertsMatching(h, 'is online')).toHaveLength(0);

    h.clock.advance(300);
    await until(() => alertsMatching(h, 'is online').length === 1, 5_000, 'the ONLINE alert');
  });
});

describe.each<[string, SlackFault]>([
  ['answers HTTP 500', { status: 500 }],
  ['does not answer', { hang: true }],
])('when usergroups.users.list %s', (_, fault) => {
  const access = { allowedUsers: ['U0ALICE'], allowedUsergroup: 'S0ONBOARD', readOnlyOpen: true };

  it('a form is still answered in time, and someone removed from the group cannot act once the member list is a minute old', async () => {
    const h = await start({ access });
    h.slack.usergroups.set('S0ONBOARD', ['U0GRACE']);
    await h.command('register', GRACE);
    await h.settle();
    const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;

    h.slack.usergroups.set('S0ONBOARD', []);
    h.slack.fault('usergroups.users.list', fault);
    h.clock.advance(61_000);
    const sent = performance.now();
    const answer = await h.submitView(viewId, { phone: '+14155550100', name: 'Acme Store' }, GRACE);
    expect(performance.now() - sent).toBeLessThan(3_000);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_action: 'errors', errors: { customer: GROUP_UNCHECKED } });
    expect((await stored(h)).senders).toHaveLength(0);

    await h.command('customer add "Grace Corp"', GRACE);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toBe(GROUP_UNCHECKED);
    await h.command('customer add "Alice Corp"', ALICE);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('Customer *Alice Corp* added');
    expect((await stored(h)).customers.map((c) => c.name)).toEqual(['Alice Corp']);
  });

  it('a burst of commands from group members does not hold back an admin’s answer', async () => {
    const h = await start({ access: { ...access, readOnlyOpen: false } });
    h.slack.usergroups.set('S0ONBOARD', ['U0GRACE']);
    h.slack.fault('usergroups.users.list', fault);
    await Promise.all(Array.from({ length: 8 }, (_, i) => h.command(`customer add "Grace ${i}"`, GRACE)));
    await h.command('list', ALICE);
    await until(() => h.slack.responses.some((r) => r.text === 'No senders tracked yet.'), 5_000, 'the answer to list');
    await h.settle();
    expect(h.slack.responses.filter((r) => r.text === GROUP_UNCHECKED)).toHaveLength(8);
    expect((await stored(h)).customers).toEqual([]);
  });

  it('with READ_ONLY_OPEN=false, a group member’s reads are refused the same way, and listed users still read', async () => {
    const h = await start({ access: { ...access, readOnlyOpen: false } });
    h.slack.usergroups.set('S0ONBOARD', ['U0GRACE']);
    h.slack.fault('usergroups.users.list', fault);
    await h.command('list', GRACE);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toBe(GROUP_UNCHECKED);
    await h.command('list', ALICE);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).not.toBe(GROUP_UNCHECKED);
    expect(h.slack.responses.at(-1)!.blocks).toBeDefined();
  });
});

describe('a crash while Slack takes a message', () => {
  it('leaves one registration message, updated in place after the restart', async () => {
    const first = await start();
    first.slack.fault('chat.postMessage', { hang: true }, { channel: 'C0ONBOARD', times: 1, handled: true });
    const viewId = await openRegistrationModal(first);
    await first.submitView(viewId, { phone: '+14155550100', name: 'Acme Store' });
    await until(() => topLevel(first, 'C0ONBOARD').length === 1, 5_000, 'Slack to take the post');
    // The process dies here: the next start finds the data file as it is now.
    const atCrash = await snapshotStore(first);
    first.slack.releaseHung();
    await first.stop({ keepServices: true });
    await atCrash.restore();

    const h = await startAgain(first);
    await h.settle();
    const message = topLevel(h, 'C0ONBOARD')[0]!;
    const id = (await record(h, '+14155550100')).id;
    await h.click(ACTION.enterCode, id, { ts: message.ts, channel: 'C0ONBOARD' });
    await h.settle();
    h.clock.advance(1_000);
    await h.submitView(h.slack.callsOf('views.open').at(-1)!.args.__id, { code: h.sim.codeSentTo('+14155550100') });
    await h.settle();

    expect(topLevel(h, 'C0ONBOARD')).toHaveLength(1);
    expect((await record(h, '+14155550100')).slack?.ts).toBe(message.ts);
    expect((await record(h, '+14155550100')).state).toBe('verifying');
    expect(blocksText(message.blocks)).not.toContain(ACTION.enterCode);
  });
});

describe('registration messages go through the outbox', () => {
  it('a registration message Slack refuses once still appears, with the adjusted-number note', async () => {
    const h = await start();
    h.slack.fault('chat.postMessage', { error: 'internal_error' }, { channel: 'C0ONBOARD', times: 1 });
    await register(h, { phone: '+52 55 1234 5678', name: 'Acme Store' });
    expect(topLevel(h, 'C0ONBOARD')).toHaveLength(0);
    h.clock.advance(MINUTE);
    h.bot.outbox.kick();
    await h.settle();
    expect(topLevel(h, 'C0ONBOARD')).toHaveLength(1);
    expect(blocksText(topLevel(h, 'C0ONBOARD')[0]!.blocks)).toContain('adjusted for WhatsApp');
  });
});
