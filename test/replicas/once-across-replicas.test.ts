import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { pressBuy } from '../numbers/support.js';
import { blocksText, record, register } from '../support/flows.js';
import { type Harness, harnessPerTest } from '../support/harness.js';
import { latestLink, onboardingWith, startWithMeta } from '../support/onboarding.js';
import { stored } from '../support/stored.js';
import { onlineSender } from '../watcher/support.js';
import { onSharedDatabase, POSTGRES, replicaOf, replicaTestsProblem } from './support.js';

const problem = await replicaTestsProblem('once-across-replicas tests');
const start = harnessPerTest();
onSharedDatabase();

const MINUTE = 60_000;

/** The words a purchase's window shows once its result is in. */
const shownIn = (h: Harness, viewId: string) => blocksText(h.slack.viewFor(viewId).blocks);

describe.skipIf(problem)('work a person asks for happens once across replicas', () => {
  it('a number confirmed on two replicas at once is bought once, and the second person is told it is being bought, not that it was not', async () => {
    const a = await start(POSTGRES);
    const b = await start(replicaOf(a));
    const [acme] = await seedCustomers(a, 1);
    const first = await pressBuy(a, '+12125550142');
    await a.submitView(first, { customer: acme!.id });
    const second = await pressBuy(b, '+12125550142');
    await b.submitView(second, { customer: acme!.id });
    // Each replica's look at the account answers late, so both purchases are under way together.
    a.sim.delayNext(300, 2, 'ListIncomingPhoneNumber');
    await Promise.all([a.submitView(first, {}), b.submitView(second, {})]);
    await Promise.all([a.settle(), b.settle()]);

    expect(a.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
    expect(a.sim.state.numbers.find((n) => n.phone_number === '+12125550142')?.account_sid).toBe(acme!.accountSid);
    const shown = [shownIn(a, first), shownIn(b, second)];
    expect(shown.join('\n')).not.toContain('was not bought');
    expect(shown.filter((text) => text.includes(`is now *${acme!.name}*’s`))).not.toHaveLength(0);
    for (const text of shown) expect(text.includes('is now') || text.includes('being bought right now')).toBe(true);
  });

  it('a customer added on two replicas at once gets one subaccount, and the second person is told it is being added', async () => {
    const a = await start(POSTGRES);
    const b = await start(replicaOf(a));
    a.sim.delayNext(300, 2, 'CreateAccount');
    await Promise.all([a.command('customer add "Acme Corp"'), b.command('customer add "Acme Corp"')]);
    await Promise.all([a.settle(), b.settle()]);

    expect(a.sim.requestsOf('CreateAccount')).toHaveLength(1);
    expect((await stored(a)).customers.map((c) => c.name)).toEqual(['Acme Corp']);
    const replies = a.slack.responses.slice(-2).map((r) => r.text as string);
    expect(replies.filter((text) => text.includes('created a new Twilio subaccount'))).toHaveLength(1);
    expect(replies.filter((text) => text.includes('already being added') || text.includes('already exists'))).toHaveLength(1);
  });

  it('a display-name change sent on two replicas at once asks Twilio once, and the second person is told it is being worked on', async () => {
    const delays = { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE };
    const a = await start({ ...POSTGRES, delays });
    const b = await start(replicaOf(a, { delays }));
    await onlineSender(a, '+14155550100');
    a.sim.delayNext(300, 1, 'UpdateChannelsSender');
    await Promise.all([a.command('rename +14155550100 "Acme Market"'), b.command('rename +14155550100 "Acme Market"')]);
    await Promise.all([a.settle(), b.settle()]);

    expect(a.sim.requestsOf('UpdateChannelsSender').filter((r) => (r.body as { profile?: unknown }).profile)).toHaveLength(1);
    const replies = a.slack.responses.slice(-2).map((r) => r.text as string);
    expect(replies.filter((text) => text.includes('sent it to Meta for review'))).toHaveLength(1);
    expect(replies.filter((text) => text.includes('already being worked on') || text.includes('still reviewing'))).toHaveLength(1);
  });

  it('a reminder due while one replica polls and another re-checks the sender is posted once (counted by the record’s version)', async () => {
    const watch = { codeReminderMs: 15 * MINUTE };
    const a = await start({ ...POSTGRES, watch });
    const b = await start(replicaOf(a, { watch }));
    await register(a, { phone: '+14155550100', name: 'Acme Store' });
    a.clock.advance(16 * MINUTE);
    const r = await record(a, '+14155550100');
    const fetchesBefore = a.sim.requestsOf('FetchChannelsSender').length;
    a.sim.delayNext(200, 2, 'FetchChannelsSender');
    await Promise.all([a.bot.poller.runOnce(), b.click(ACTION.recheck, r.id, { ts: r.slack!.ts!, channel: r.slack!.channel })]);
    await Promise.all([a.settle(), b.settle()]);
    // Both replicas looked at the sender, each deciding the reminder is due.
    expect(a.sim.requestsOf('FetchChannelsSender').length - fetchesBefore).toBe(2);
    const reminders = a.slack.repliesTo(r.slack!.ts!).filter((m) => m.text.includes('waiting for its code'));
    expect(reminders).toHaveLength(1);
  });

  it('two tabs finishing one link on two replicas: no error page, one registration, and each tab told what became of the signup', async () => {
    const { h: a, meta } = await startWithMeta(start, POSTGRES);
    const b = await start(replicaOf(a, { onboarding: onboardingWith(meta) }));
    await a.command('customer onboard new "Acme Corp"');
    await a.settle();
    const acme = (await stored(a)).customers[0]!;
    a.sim.addNumber(acme.accountSid, '+14155550101');
    const { url } = await latestLink(a);
    const onB = `${new URL(b.url).origin}${new URL(url).pathname}`;
    const firstTab = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    const secondTab = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101', wabaId: firstTab.data.waba_id });
    // Meta answers slowly, so both tabs' results are with it at once.
    meta.graphDelayMs = 200;
    const post = (to: string, body: unknown) =>
      fetch(`${to}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answers = await Promise.all([post(url, firstTab), post(onB, secondTab)]);
    const said = await Promise.all(answers.map(async (answer) => `${answer.status} ${(await answer.json()).title}`));
    await Promise.all([a.settle(), b.settle()]);

    expect(said).toContain('200 You are all set');
    expect(said.filter((s) => s !== '200 You are all set')).toEqual([
      expect.stringMatching(/^(200 Your signup is being processed|410 This link was already used)$/),
    ]);
    expect(a.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await stored(a)).customers[0]!.wabaId).toBe(firstTab.data.waba_id);
  });
});
