import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { confirm, seedCustomers, uploadCsv } from '../bulk/support.js';
import { blocksText, channelMessageFor, record, register } from '../support/flows.js';
import { harnessPerTest, sameWorld } from '../support/harness.js';
import { durableSenders } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';

const start = harnessPerTest();
const MINUTE = 60_000;

describe('a create whose outcome is unknown', () => {
  it('lost after Twilio made the sender, with the look-up failing too: stays "being checked", then is adopted; one create, one code', async () => {
    const h = await start();
    h.sim.dropAfterProcessing(1, 'CreateChannelsSender');
    h.sim.failNext(503, 4, 'ListChannelsSender');
    const { view } = await register(h, { phone: '+14155550100', name: 'Acme Store' });

    const r = await record(h, '+14155550100');
    expect(r.state).toBe('creating');
    expect(r.lastError).toBeUndefined();
    expect(blocksText(view.blocks)).toContain('checking with Twilio');
    expect(blocksText(view.blocks)).not.toContain('failed');
    expect(blocksText((await channelMessageFor(h, '+14155550100')).blocks)).toContain('Twilio did not confirm the create');

    // A person trying again meanwhile is told it is in hand, and nothing is sent.
    const again = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    expect(again.ack.body.errors.phone).toContain('already being registered');

    h.clock.advance(15_000);
    await h.drainQueue();
    expect(await record(h, '+14155550100')).toMatchObject({ state: 'awaiting_code', sid: [...h.sim.state.senders.values()][0]!.sid });
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    const buttons = blocksText((await channelMessageFor(h, '+14155550100')).blocks);
    expect(buttons).toContain(ACTION.enterCode);

    // Long after, nothing more is sent.
    h.clock.advanceMinutes(10);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('is never sent again while Twilio cannot be asked, however long that lasts', async () => {
    const h = await start();
    h.sim.failNext(500, 1, 'CreateChannelsSender');
    h.sim.failNext(503, 1000, 'ListChannelsSender');
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    for (let i = 0; i < 5; i += 1) {
      h.clock.advanceMinutes(5);
      await h.drainQueue();
    }
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await record(h, '+14155550100')).state).toBe('creating');
  });

  it('in a bulk run, a row whose create was lost is adopted, not sent twice', async () => {
    const h = await start({ sendersMinIntervalMs: MINUTE });
    await seedCustomers(h, 1);
    const { viewId } = await uploadCsv(
      h,
      'customer,phone_number,display_name\nCustomer 0,+14155550100,Brand One Store\nCustomer 0,+14155550101,Brand Two Store',
    );
    h.sim.dropAfterProcessing(1, 'CreateChannelsSender');
    h.sim.failNext(503, 4, 'ListChannelsSender');
    await confirm(h, viewId);
    await h.drainQueue();
    h.clock.advanceMinutes(5);
    await h.drainQueue();
    const creates = h.sim.requestsOf('CreateChannelsSender').map((c) => (c.body as { sender_id: string }).sender_id);
    expect(creates.sort()).toEqual(['whatsapp:+14155550100', 'whatsapp:+14155550101']);
    expect((await stored(h)).senders.map((s) => s.state)).toEqual(['awaiting_code', 'awaiting_code']);
  });
});

describe('resend', () => {
  it('is counted and stored before it goes out, so a second click during a slow resend cannot send another', async () => {
    const h = await start({ resendMinMinutes: 3 });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advanceMinutes(4);
    const r = await record(h, '+14155550100');
    h.sim.delayNext(300, 1, 'CreateChannelsSender');
    const click = h.click(ACTION.resend, r.id, { ts: r.slack!.ts!, channel: 'C0ONBOARD' });
    await h.waitFor(() => h.sim.requestsOf('CreateChannelsSender').length === 2);
    const stored = (await durableSenders(h))[0]!;
    expect(stored.otp.resends).toBe(1);
    expect(Date.parse(stored.otp.lastCreateAt ?? '')).toBe(h.clock.now());
    await click;
    await h.settle();
    expect((await record(h, '+14155550100')).otp.resends).toBe(1);
  });

  it('refused by Twilio does not count, and one whose answer was lost does', async () => {
    const h = await start({ resendMinMinutes: 3 });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const r = await record(h, '+14155550100');
    const message = { ts: r.slack!.ts!, channel: 'C0ONBOARD' };

    h.clock.advanceMinutes(4);
    h.sim.echoNext(400, 1, 'CreateChannelsSender');
    await h.click(ACTION.resend, r.id, message);
    await h.settle();
    expect((await record(h, '+14155550100')).otp.resends).toBe(0);

    h.clock.advanceMinutes(4);
    h.sim.dropAfterProcessing(1, 'CreateChannelsSender');
    await h.click(ACTION.resend, r.id, message);
    await h.settle();
    expect((await record(h, '+14155550100')).otp.resends).toBe(1);
    expect(h.slack.responses.at(-1)!.text).toContain('did not confirm the resend');

    await h.click(ACTION.resend, r.id, message);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('You can resend in about 3 min');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(3);
  });
});

describe('commands that create something are idempotent', () => {
  it('customer add twice at once makes one subaccount and one customer', async () => {
    const h = await start();
    h.sim.delayNext(200, 1, 'CreateAccount');
    await Promise.all([h.command('customer add "Acme Corp"'), h.command('customer add "acme corp"')]);
    await h.settle();
    expect(h.sim.requestsOf('CreateAccount')).toHaveLength(1);
    expect((await stored(h)).customers.map((c) => c.name)).toEqual(['Acme Corp']);
    expect(h.slack.responses.map((r) => r.text).join('\n')).toMatch(/already (being added|exists)/);
  });

  it('customer add after a lost answer adopts the subaccount Twilio made instead of making another', async () => {
    const h = await start();
    h.sim.dropAfterProcessing(1, 'CreateAccount');
    h.sim.failNext(503, 4, 'ListAccount');
    await h.command('customer add "Acme Corp"');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('did not confirm');
    expect((await stored(h)).customers).toHaveLength(0);

    await h.command('customer add "Acme Corp"');
    await h.settle();
    expect(h.sim.requestsOf('CreateAccount')).toHaveLength(1);
    const subaccounts = [...h.sim.state.accounts.values()].filter((a) => a.friendlyName === 'Acme Corp');
    expect(subaccounts).toHaveLength(1);
    expect((await stored(h)).customers.map((c) => c.accountSid)).toEqual([subaccounts[0]!.sid]);
    expect((await stored(h)).pendingSubaccounts).toEqual([]);
  });

  it('a subaccount created just before a crash is adopted at the next start', async () => {
    const first = await start();
    first.sim.dropAfterProcessing(1, 'CreateAccount');
    first.sim.failNext(503, 4, 'ListAccount');
    await first.command('customer add "Acme Corp"');
    await first.settle();
    await first.stop({ keepServices: true });
    const h = await start({
      ...sameWorld(first),
    });
    expect((await stored(h)).customers.map((c) => c.name)).toEqual(['Acme Corp']);
    await h.command('customer add "Acme Corp"');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('already exists');
    expect(h.sim.requestsOf('CreateAccount')).toHaveLength(1);
  });

  it('watch twice at once makes one record and one message', async () => {
    const h = await start();
    const outside = h.sim.state.create(h.mainAccountSid, { sender_id: 'whatsapp:+14155550999', profile: { name: 'Console Sender' } });
    h.sim.delayNext(200, 1, 'FetchChannelsSender');
    await Promise.all([h.command(`watch ${outside.sid}`), h.command(`watch ${outside.sid}`), h.command('watch +14155550999')]);
    await h.settle();
    expect((await stored(h)).senders).toHaveLength(1);
    expect(h.slack.postedIn('C0ONBOARD').filter((m) => !m.threadTs && m.text.includes('+14155550999'))).toHaveLength(1);
  });
});
