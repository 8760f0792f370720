import { describe, expect, it } from 'vitest';
import type { TwilioSimulator } from '../../src/sandbox/simulator.js';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, openRegistrationModal, record } from '../support/flows.js';
import { harnessPerTest } from '../support/harness.js';
import { buy, buyButtons as buyButtonsOf, clickInView, replyText, search as searchAnswer, startWithApiKey } from './support.js';

const start = harnessPerTest();

/** Types the number in the form with this customer chosen and presses Enter; returns the form's text. */
async function hintFor(h: Awaited<ReturnType<typeof start>>, viewId: string, customer: string, phone: string) {
  await h.dispatchInView(viewId, 'phone', ACTION.detectPath, { customer, phone });
  await h.settle();
  return blocksText(h.slack.viewFor(viewId).blocks);
}

describe('a Twilio number in another account the bot knows', () => {
  it('is found and named, and moves to the chosen customer, which then registers it with no code', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    const number = h.sim.addNumber(globex!.accountSid, '+14155550111', { sms: true, voice: true });
    const viewId = await openRegistrationModal(h);

    const hint = await hintFor(h, viewId, acme!.id, '+14155550111');
    expect(hint).toContain(`customer *${globex!.name}*’s account`);
    expect(hint).toContain(globex!.accountSid);
    expect(hint).toContain(`Move it to ${acme!.name}`);
    expect(hint).toContain(`Register it where it is (${globex!.name})`);

    await clickInView(h, viewId, ACTION.moveNumber, 'number_elsewhere', { customer: acme!.id, phone: '+14155550111' });
    const move = h.sim.requestsOf('UpdateIncomingPhoneNumber');
    expect(move).toHaveLength(1);
    expect(move[0]!.body).toEqual({ AccountSid: acme!.accountSid });
    expect(number.account_sid).toBe(acme!.accountSid);
    const after = blocksText(h.slack.viewFor(viewId).blocks);
    expect(after).toContain(`moved from ${globex!.name} to ${acme!.name}`);
    expect(after).toContain('verifies the number by itself');

    await h.submitView(viewId, { customer: acme!.id, phone: '+14155550111', name: 'Acme Store' });
    await h.settle();
    expect(await record(h, '+14155550111')).toMatchObject({ accountSid: acme!.accountSid, path: 'twilio_sms' });
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('can be registered where it is: the form switches to the customer that owns it', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    h.sim.addNumber(globex!.accountSid, '+14155550111', { sms: true, voice: true });
    const viewId = await openRegistrationModal(h);
    await hintFor(h, viewId, acme!.id, '+14155550111');

    await clickInView(h, viewId, ACTION.registerWhereItIs, 'number_elsewhere', { customer: acme!.id, phone: '+14155550111' });
    const form = h.slack.viewFor(viewId);
    expect(form.blocks.find((b: any) => b.block_id === 'customer').element.initial_option.value).toBe(globex!.id);
    expect(blocksText(form.blocks)).toContain('verifies the number by itself');
    expect(h.sim.requestsOf('UpdateIncomingPhoneNumber')).toHaveLength(0);
  });

  it('names the main account, and a customer’s account that is slow is reported as not checked without holding the form', async () => {
    const h = await start();
    const [acme, slow] = await seedCustomers(h, 2);
    h.sim.addNumber(h.mainAccountSid, '+14155550111', { sms: true, voice: true });
    h.sim.delayNext(4_000, 1, 'ListIncomingPhoneNumber', slow!.accountSid);
    const viewId = await openRegistrationModal(h);
    const began = Date.now();
    const hint = await hintFor(h, viewId, acme!.id, '+14155550111');
    expect(Date.now() - began).toBeLessThan(4_000);
    expect(hint).toContain('the *Main account*');
    expect(hint).toContain(`Not checked (Twilio did not answer in time): ${slow!.name}`);
  });

  it('the chosen customer’s account too slow: the hint says the path is not known yet, instead of guessing', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    h.sim.addNumber(acme!.accountSid, '+14155550111', { sms: true, voice: true });
    h.sim.delayNext(4_000, 2, 'ListIncomingPhoneNumber', acme!.accountSid);
    const viewId = await openRegistrationModal(h);
    const hint = await hintFor(h, viewId, acme!.id, '+14155550111');
    expect(hint).toContain(`did not answer in time about ${acme!.name}’s numbers`);
    expect(hint).not.toContain('Number outside Twilio');
  });

  it('in a channel bound to a customer, other customers’ accounts are not searched', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    h.sim.addNumber(globex!.accountSid, '+14155550111', { sms: true, voice: true });
    await h.command(`channel bind "${acme!.name}"`);
    await h.settle();
    const viewId = await openRegistrationModal(h);
    const hint = await hintFor(h, viewId, acme!.id, '+14155550111');
    expect(hint).not.toContain(globex!.name);
    expect(hint).toContain('Number outside Twilio');
    expect(h.sim.requestsOf('ListIncomingPhoneNumber').filter((r) => r.accountSid === globex!.accountSid)).toHaveLength(0);
  });
});

describe('Mexican numbers', () => {
  it('Twilio lists +52 and ten digits, WhatsApp +52 1: a number typed either way is found, and registered as +52 1', async () => {
    const h = await start();
    h.sim.addNumber(h.mainAccountSid, '+525512345678', { sms: true, voice: true });
    const viewId = await openRegistrationModal(h);
    expect(await hintFor(h, viewId, 'main', '+52 1 55 1234 5678')).toContain('verifies the number by itself');

    await h.submitView(viewId, { phone: '+52 55 1234 5678', name: 'Acme Store' });
    await h.settle();
    expect(await record(h, '+5215512345678')).toMatchObject({ path: 'twilio_sms' });
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toMatchObject({ sender_id: 'whatsapp:+5215512345678' });
  });

  it('a Mexican number bought from a search is offered for registration in the +52 1 form', async () => {
    const h = await start();
    const [acme] = await seedCustomers(h, 1);
    const viewId = await buy(h, '+525512345678', acme!.id);
    await clickInView(h, viewId, ACTION.registerBought, 'bought');
    const form = h.slack.viewFor(viewId);
    expect(form.blocks.find((b: any) => b.block_id === 'phone').element.initial_value).toBe('+5215512345678');
    expect(blocksText(form.blocks)).toContain('verifies the number by itself');
  });
});

describe('Argentine numbers', () => {
  it('Twilio may list +54 without the 9 WhatsApp writes: the number is found and registered as +54 9', async () => {
    const h = await start();
    h.sim.addNumber(h.mainAccountSid, '+541123456789', { sms: true, voice: true });
    const viewId = await openRegistrationModal(h);
    expect(await hintFor(h, viewId, 'main', '+54 9 11 2345 6789')).toContain('verifies the number by itself');
    await h.submitView(viewId, { phone: '+54 9 11 2345 6789', name: 'Acme Store' });
    await h.settle();
    expect(await record(h, '+5491123456789')).toMatchObject({ path: 'twilio_sms' });
  });
});

describe('credentials that cannot manage subaccounts', () => {
  const withKey = (kind: 'main' | 'standard', before?: (sim: TwilioSimulator) => void) => startWithApiKey(start, kind, before);

  it('Twilio unreachable at start: the bot starts anyway, says it could not check, and refuses nothing', async () => {
    const h = await withKey('main', (sim) => sim.failNext(503, 1, 'ListAccount'));
    await h.waitFor(() => h.logLines.some((l) => l.includes('could not check what the Twilio credentials may do')));
    expect(h.bot.senders.credentials?.powers).toBe('unknown');
    const answer = await searchAnswer(h, 'US');
    expect(buyButtonsOf(answer), replyText(answer)).not.toEqual([]);
  });

  it('a Standard API key: the start says which commands will not work, and they answer with that reason instead of an error', async () => {
    const h = await withKey('standard');
    expect(h.bot.senders.credentials?.powers).toBe('no_subaccounts');
    expect(h.logLines.join('\n')).toContain('cannot manage subaccounts');

    await h.command('customer add "Acme"');
    await h.settle();
    const answer = replyText(h.slack.responses.at(-1));
    expect(answer).toContain('Standard API key');
    expect(answer).toContain('Main API key');
    expect(answer).not.toContain('20003');
    expect(h.sim.requestsOf('CreateAccount')).toHaveLength(0);

    const [acme] = await seedCustomers(h, 1);
    const viewId = await buy(h, '+12125550142', acme!.id);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('Standard API key');
    expect(h.sim.requestsOf('CreateIncomingPhoneNumber')).toHaveLength(0);

    // What the key may do still works: searching, buying into the main account.
    const main = await buy(h, '+12125550142', 'main');
    expect(blocksText(h.slack.viewFor(main).blocks)).toContain('is now *Main account*’s');
  });

  it('a Main API key manages subaccounts', async () => {
    const h = await withKey('main');
    expect(h.bot.senders.credentials?.powers).toBe('full');
    await h.command('customer add "Acme"');
    await h.settle();
    expect(replyText(h.slack.responses.at(-1))).toContain('created a new Twilio subaccount');
    expect(h.sim.contractViolations).toEqual([]);
  });
});
