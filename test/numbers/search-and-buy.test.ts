import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, record } from '../support/flows.js';
import { harnessPerTest, sameWorld } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { buy, buyButtons, clickInView, pressBuy, replyText, search } from './support.js';

const start = harnessPerTest();

describe('/senders numbers search', () => {
  it('lists the numbers of every type the country offers, with their capabilities and a Buy button each', async () => {
    const h = await start();
    const us = await search(h, 'US');
    const text = replyText(us);
    expect(buyButtons(us)).toEqual(expect.arrayContaining(['+12125550142', '+12125550143', '+18885550100']));
    expect(text).toContain('Local');
    expect(text).toContain('Toll-free');
    expect(text).toMatch(/\+12125550142\* · Local · SMS \+ Voice/);
    expect(text).toMatch(/\+12125550143\* · Local · Voice/);
    // The US has no Mobile numbers at Twilio: that 404 is not an error.
    expect(h.sim.requestsOf('ListAvailablePhoneNumberMobile')).toHaveLength(1);
    expect(text).not.toContain('Could not');

    const gb = await search(h, 'GB sms');
    expect(buyButtons(gb)).toEqual(['+447700900123', '+447700900456']);
    expect(replyText(gb)).toContain('Mobile');
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('filters by area code and capability, and says so when nothing matches', async () => {
    const h = await start();
    expect(buyButtons(await search(h, 'US 415 sms'))).toEqual(['+14155550760', '+14155550761']);
    expect(h.sim.requestsOf('ListAvailablePhoneNumberLocal').at(-1)!.query).toMatchObject({ AreaCode: '415', SmsEnabled: 'true' });
    const none = await search(h, 'US 999');
    expect(buyButtons(none)).toEqual([]);
    expect(replyText(none)).toContain('no numbers for sale');
  });

  it('explains an outage instead of an empty list', async () => {
    const h = await start();
    // Every try of the search fails: three types, four tries each, and the one look at the prices.
    h.sim.failNext(503, 13);
    const reply = await search(h, 'US');
    expect(replyText(reply)).toContain('Could not search');
    expect(replyText(reply)).toContain('Twilio had an internal error');
  });
});

describe('monthly prices beside the numbers', () => {
  it('shows each type’s current monthly price from Twilio’s Pricing API, asked once per country for a while, and the Buy confirmation says it', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    const us = replyText(await search(h, 'US'));
    expect(us).toMatch(/\+12125550142\* · Local · SMS \+ Voice · New York, NY · \*\$1\.15 a month\*/);
    expect(us).toMatch(/\+18885550100\* · Toll-free · .*\$2\.15 a month/);
    expect(us).not.toContain('price unavailable');
    expect(replyText(await search(h, 'MX'))).toContain('$3.40 a month');
    await search(h, 'US 415');
    expect(h.sim.requestsOf('FetchPhoneNumberCountry').map((r) => r.path)).toEqual(['/v1/PhoneNumbers/Countries/US', '/v1/PhoneNumbers/Countries/MX']);

    const button = (await search(h, 'US 212')).blocks.find((b: any) => b.accessory?.value?.startsWith('+12125550142|')).accessory.value;
    const viewId = await pressBuy(h, '+12125550142', undefined, button);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('$1.15 a month');
    await h.submitView(viewId, { customer: acme!.id });
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('for *$1.15 a month*');
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('when the prices cannot be had, the numbers still show, each saying price unavailable, and Buy still works', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    h.sim.failNext(500, 1, 'FetchPhoneNumberCountry');
    const reply = await search(h, 'US');
    expect(buyButtons(reply)).toContain('+12125550142');
    expect(replyText(reply)).toContain('+12125550142* · Local · SMS + Voice · New York, NY · _price unavailable_');
    expect(replyText(reply)).toContain('*Buy* still works');
    const button = reply.blocks.find((b: any) => b.accessory?.value?.startsWith('+12125550142')).accessory.value;
    expect(button).toBe('+12125550142');
    await buy(h, '+12125550142', acme!.id);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
  });
});

describe('buying a number', () => {
  it('confirms with the customer and the number, buys into the subaccount, then registers it with no code to type', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    const viewId = await pressBuy(h, '+12125550142');
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('+12125550142');
    await h.submitView(viewId, { customer: acme!.id });
    const confirm = h.slack.viewFor(viewId);
    expect(blocksText(confirm.blocks)).toContain('*+12125550142*');
    expect(blocksText(confirm.blocks)).toContain(`*${acme!.name}*`);
    expect(blocksText(confirm.blocks)).toContain(acme!.accountSid);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(0);

    await h.submitView(viewId, {});
    await h.settle();
    const purchases = h.sim.requestsOf('CreateIncomingPhoneNumber');
    expect(purchases).toHaveLength(1);
    expect(purchases[0]!.accountSid).toBe(acme!.accountSid);
    expect(h.sim.state.numbers.find((n) => n.phone_number === '+12125550142')?.account_sid).toBe(acme!.accountSid);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('no code to type');
    // Bought, it is no longer for sale.
    expect(buyButtons(await search(h, 'US 212'))).not.toContain('+12125550142');

    await clickInView(h, viewId, ACTION.registerBought, 'bought');
    const form = h.slack.viewFor(viewId);
    expect(form.callback_id).toBe('register_sender');
    expect(blocksText(form.blocks)).toContain('verifies the number by itself');
    const customerSelect = form.blocks.find((b: any) => b.block_id === 'customer').element;
    expect(customerSelect.initial_option.value).toBe(acme!.id);
    expect(form.blocks.find((b: any) => b.block_id === 'phone').element.initial_value).toBe('+12125550142');

    // Slack sends the prefilled values back as the form's state.
    await h.submitView(viewId, { customer: acme!.id, phone: '+12125550142', name: 'Acme Store' });
    await h.settle();
    const sender = await record(h, '+12125550142');
    expect(sender.accountSid).toBe(acme!.accountSid);
    expect(sender.path).toBe('twilio_sms');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('buys once when Twilio’s answer is lost: the number is looked up, found, and not bought again', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    h.sim.dropAfterProcessing(1, 'CreateIncomingPhoneNumber');
    const viewId = await buy(h, '+14155550760', acme!.id);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('is now *Customer 0*’s');
    expect((await stored(h)).pendingPurchases ?? []).toEqual([]);

    // Buying it again (a second click later) finds it in the account and buys nothing.
    const again = await buy(h, '+14155550760', acme!.id);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
    expect(blocksText(h.slack.viewFor(again).blocks)).toContain('Register as WhatsApp sender');
  });

  it('after a 5xx with the outcome unknown, waits and checks before buying again', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    h.sim.failNext(500, 1, 'CreateIncomingPhoneNumber');
    const viewId = await buy(h, '+14155550760', acme!.id);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('never buys twice');
    expect((await stored(h)).pendingPurchases).toHaveLength(1);

    // Too soon: still checking, nothing sent.
    await buy(h, '+14155550760', acme!.id);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);

    // Once the lost purchase had time to land and the number is not there, it is bought.
    h.clock.advanceMinutes(5);
    const later = await buy(h, '+14155550760', acme!.id);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(2);
    expect(blocksText(h.slack.viewFor(later).blocks)).toContain('is now');
    expect(h.sim.state.numbers.filter((n) => n.phone_number === '+14155550760')).toHaveLength(1);
  });

  it('a purchase whose outcome was unknown when the bot stopped is looked up after the restart, not bought again', async () => {
    const first = await start();
    const [acme] = await seedCustomers(first, 1);
    const viewId = await pressBuy(first, '+12125550142');
    await first.submitView(viewId, { customer: acme!.id });
    // The look before buying answers; the purchase's answer is lost; the look after it gets no answer either.
    first.sim.delayNext(0, 1, 'ListIncomingPhoneNumber');
    first.sim.dropAfterProcessing(1, 'CreateIncomingPhoneNumber');
    first.sim.failNext(503, 4, 'ListIncomingPhoneNumber');
    await first.submitView(viewId, {});
    await first.settle();
    expect(blocksText(first.slack.viewFor(viewId).blocks)).toContain('never buys twice');
    expect((await stored(first)).pendingPurchases).toHaveLength(1);
    await first.stop({ keepServices: true });

    const h = await start(sameWorld(first));
    const again = await buy(h, '+12125550142', acme!.id);
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
    expect(blocksText(h.slack.viewFor(again).blocks)).toContain('is now *Customer 0*’s');
    expect((await stored(h)).pendingPurchases).toEqual([]);
  });

  it('a double click (two confirmations at once) buys once', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    const first = await pressBuy(h, '+12125550142');
    await h.submitView(first, { customer: acme!.id });
    const second = await pressBuy(h, '+12125550142');
    await h.submitView(second, { customer: acme!.id });
    h.sim.delayNext(300, 1, 'ListIncomingPhoneNumber');
    await Promise.all([h.submitView(first, {}), h.submitView(second, {})]);
    await h.settle();
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(1);
    const shown = [first, second].map((id) => blocksText(h.slack.viewFor(id).blocks)).join(' ');
    expect(shown).toContain('is now');
    expect(shown).toContain('being bought right now');
  });

  it('explains Twilio’s refusals with the next step', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    const address = await buy(h, '+14155550761', acme!.id);
    expect(blocksText(h.slack.viewFor(address).blocks)).toContain('21631');
    expect(blocksText(h.slack.viewFor(address).blocks)).toContain('Addresses');

    const bundle = await buy(h, '+447700900123', acme!.id);
    expect(blocksText(h.slack.viewFor(bundle).blocks)).toContain('21649');
    expect(blocksText(h.slack.viewFor(bundle).blocks)).toContain('regulatory bundle');

    h.sim.inventory.splice(
      h.sim.inventory.findIndex((n) => n.phoneNumber === '+18885550100'),
      1,
    );
    const gone = await buy(h, '+18885550100', acme!.id);
    expect(blocksText(h.slack.viewFor(gone).blocks)).toContain('no longer for sale');
    expect(blocksText(h.slack.viewFor(gone).blocks)).toContain('Search again');
    expect((await stored(h)).pendingPurchases ?? []).toEqual([]);
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('in a channel bound to a customer, buys for that customer only', async () => {
    const h = await start();
    const [acme, other] = await seedCustomers(h, 2);
    await h.command(`channel bind "${acme!.name}"`);
    await h.settle();
    const viewId = await pressBuy(h, '+12125550142');
    const select = h.slack.viewFor(viewId).blocks.find((b: any) => b.block_id === 'customer').element;
    expect(select.initial_option.value).toBe(acme!.id);
    expect((await h.suggest(viewId, 'customer', '')).map((o) => o.value)).toEqual([acme!.id]);
    const refused = await h.submitView(viewId, { customer: other!.id });
    expect(refused.body.errors.customer).toContain('bound');
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(0);
  });

  it('a read-only person may search but not buy', async () => {
    const h = await start({ access: { allowedUsers: ['U0ALICE'], readOnlyOpen: true } });
    const bob = { user: 'U0BOB', channel: 'C0ONBOARD' };
    await h.command('numbers search US', bob);
    await h.settle();
    expect(buyButtons(h.slack.responses.at(-1)!)).not.toEqual([]);
    await h.click(ACTION.buyNumber, '+12125550142', { ts: '1700000000.000100', channel: bob.channel }, bob);
    await h.settle();
    expect(h.slack.callsOf('views.open')).toHaveLength(0);
    expect(replyText(h.slack.responses.at(-1))).not.toBe('');
  });
});
