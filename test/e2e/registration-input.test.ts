import { afterEach, describe, expect, it } from 'vitest';
import { blocksText, channelMessageFor, openRegistrationModal, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('registration input', () => {
  it('returns each problem under its field and stores nothing', async () => {
    h = await startHarness();
    const viewId = await openRegistrationModal(h);
    const ack = await h.submitView(viewId, {
      phone: '415 555 0100',
      name: 'ACME WHATSAPP STORE',
      emails: 'not-an-email',
      websites: 'example.com',
      about: 'x'.repeat(200),
      callback_method: 'PUT',
    });
    expect(ack.body.response_action).toBe('errors');
    expect(Object.keys(ack.body.errors).sort()).toEqual(['about', 'callback_method', 'emails', 'name', 'phone', 'websites']);
    expect(ack.body.errors.phone).toContain('country code');
    expect(ack.body.errors.name).toContain('WhatsApp');
    expect(ack.body.errors.name).toContain('capitals');
    expect(ack.body.errors.websites).toContain('https://');
    expect((await stored(h)).senders).toHaveLength(0);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('applies the Argentina rule and tells the user what changed', async () => {
    h = await startHarness();
    const { view } = await register(h, { phone: '+54 11 15 2345-6789', name: 'Acme Store' });
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toMatchObject({ sender_id: 'whatsapp:+5491123456789' });
    expect(blocksText(view.blocks)).toContain('added the 9 after +54');
    expect(blocksText(view.blocks)).toContain('removed the mobile prefix 15');
    expect(blocksText((await channelMessageFor(h, '+5491123456789')).blocks)).toContain('added the 9 after +54');
  });

  it('asks whether an Argentine number without the 9 is a mobile, and takes it as a landline when ticked', async () => {
    h = await startHarness();
    const viewId = await openRegistrationModal(h);
    const ack = await h.submitView(viewId, { phone: '+54 11 2345 6789', name: 'Acme Store' });
    expect(ack.body.errors.phone).toContain('+54 9 11');
    const landline = await h.submitView(viewId, { phone: '+54 11 2345 6789', name: 'Acme Store', landline: 'landline', method: 'voice' });
    expect(landline.body.response_action).toBe('update');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toMatchObject({
      sender_id: 'whatsapp:+541123456789',
      configuration: { verification_method: 'voice' },
    });
  });

  it('applies the Mexico rule (+52 1)', async () => {
    h = await startHarness();
    await register(h, { phone: '+52 55 1234 5678', name: 'Acme Store' });
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toMatchObject({ sender_id: 'whatsapp:+5215512345678' });
  });

  it('shows display name warnings once, then goes on when the user submits the same name again', async () => {
    h = await startHarness();
    const viewId = await openRegistrationModal(h);
    const first = await h.submitView(viewId, { phone: '+14155550100', name: 'Pizza' });
    expect(first.body.response_action).toBe('update');
    expect(blocksText(first.body.view.blocks)).toContain('generic word');
    expect(blocksText(first.body.view.blocks)).toContain('250 business-initiated messages');
    expect(h.sim.requests).toHaveLength(0);
    const second = await h.submitView(viewId, { phone: '+14155550100', name: 'Pizza' });
    expect(second.body.response_action).toBe('update');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('sends the optional profile and webhook fields in snake_case', async () => {
    h = await startHarness();
    const asSubmitted = {
      phone: '+14155550100',
      name: 'Acme Store',
      about: 'We sell anvils',
      description: 'Anvils since 1949',
      address: '1 Main St, Springfield',
      emails: 'Support: hello@acme.example, sales@acme.example',
      vertical: 'Shopping and Retail',
      logo_url: 'https://acme.example/logo.png',
      websites: 'Shop: https://acme.example',
      callback_url: 'https://hooks.acme.example/in',
      callback_method: 'PUT',
      fallback_url: 'https://backup.acme.example/in',
      fallback_method: 'POST',
      status_callback_url: 'https://hooks.acme.example/status',
      status_callback_method: 'POST',
    };
    const { viewId, view } = await register(h, asSubmitted);
    // The logo is checked first; the form comes back saying so, and Register goes on.
    expect(blocksText(view.blocks)).toContain('The logo passed');
    expect(h.sim.requestsOf('CreateChannelsSender')).toEqual([]);
    await h.submitView(viewId, asSubmitted);
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toEqual({
      sender_id: 'whatsapp:+14155550100',
      configuration: { verification_method: 'sms' },
      profile: {
        name: 'Acme Store',
        about: 'We sell anvils',
        description: 'Anvils since 1949',
        address: '1 Main St, Springfield',
        vertical: 'Shopping and Retail',
        logo_url: 'https://acme.example/logo.png',
        websites: [{ website: 'https://acme.example', label: 'Shop' }],
        emails: [{ email: 'hello@acme.example', label: 'Support' }, { email: 'sales@acme.example' }],
      },
      webhook: {
        callback_url: 'https://hooks.acme.example/in',
        callback_method: 'PUT',
        fallback_url: 'https://backup.acme.example/in',
        fallback_method: 'POST',
        status_callback_url: 'https://hooks.acme.example/status',
        status_callback_method: 'POST',
      },
    });
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('refuses a logo that fails the check, naming the rule, before anything is sent', async () => {
    h = await startHarness({
      checkLogo: async () => ({ ok: false, rule: 'too_small', message: 'The logo is 100 × 100: WhatsApp wants at least 192 × 192 (640 × 640 recommended).' }),
    });
    const { view } = await register(h, { phone: '+14155550100', name: 'Acme Store', logo_url: 'https://acme.example/tiny.png' });
    expect(blocksText(view.blocks)).toContain('at least 192 × 192');
    expect(blocksText(view.blocks)).toContain('Nothing was sent to Twilio');
    expect(h.sim.requestsOf('CreateChannelsSender')).toEqual([]);
  });

  it('refuses a second registration of a number already in progress', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const viewId = await openRegistrationModal(h);
    const again = await h.submitView(viewId, { phone: '+1 415 555 0100', name: 'Acme Store' });
    expect(again.body.response_action).toBe('errors');
    expect(again.body.errors.phone).toContain('already being registered');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('shows the path for a number when Enter is pressed in the phone field', async () => {
    h = await startHarness();
    h.sim.addNumber(h.mainAccountSid, '+14155550111', { sms: false, voice: true });
    const viewId = await openRegistrationModal(h);
    await h.dispatchInView(viewId, 'phone', 'registration_detect_path', { phone: '+1 415 555 0111' });
    await h.settle();
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('Twilio number, voice call');
    expect(await record(h, '+14155550111')).toBeUndefined();
  });
});

describe('the path hint', () => {
  it('looks the number up in the chosen customer’s account even while another field is wrong', async () => {
    h = await startHarness();
    const customer = h.sim.state.createSubaccount('Acme');
    await h.bot.store.customers.insert({
      id: 'acme',
      name: 'Acme',
      accountSid: customer.sid,
      createdBySlackUser: 'U0ALICE',
      createdAt: '',
      createdSubaccount: false,
    });
    h.sim.addNumber(customer.sid, '+14155550111', { sms: true, voice: true });
    const viewId = await openRegistrationModal(h);
    await h.dispatchInView(viewId, 'phone', 'registration_detect_path', { customer: 'acme', phone: '+1 415 555 0111', emails: 'not-an-email' });
    await h.settle();
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('Twilio number, SMS code');
  });
});
