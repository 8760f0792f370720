import { afterEach, describe, expect, it } from 'vitest';
import { record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('a customer saved by someone else while its sender is created', () => {
  it('the created sender is not marked failed, no second create goes out, and the customer learns its WABA', async () => {
    h = await startHarness();
    await h.command('customer add "Acme Corp"');
    await h.settle();
    const acme = (await h.bot.store.customers.find('Acme Corp'))!;
    // The account's WABA is known, the customer's not yet: the create joins it and the customer learns it.
    const wabaId = h.sim.state.linkWaba(acme.accountSid);
    await h.bot.store.accounts.linkWaba(acme.accountSid, wabaId);

    // Another writer (a second create of the same customer finishing) saves the customer while
    // this create is out at Twilio, after the create read it.
    const twilio = h.bot.twilio;
    const create = twilio.createSender.bind(twilio);
    let interfered = false;
    twilio.createSender = async (accountSid, body) => {
      const answer = await create(accountSid, body);
      if (!interfered) {
        interfered = true;
        const other = (await h.bot.store.customers.get(acme.id))!;
        other.wabaId = wabaId;
        await h.bot.store.customers.save(other);
      }
      return answer;
    };

    await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    expect(interfered).toBe(true);
    const created = await record(h, '+14155550100');
    expect(created.sid).toBeDefined();
    expect(created.state).not.toBe('failed');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await h.bot.store.customers.get(acme.id))!.wabaId).toBe(wabaId);
    expect(h.slack.messages.map((m) => m.text).join('\n')).not.toMatch(/failed|could not/i);
  });
});
