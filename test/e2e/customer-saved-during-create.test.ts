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

    // Another writer (a second create of the same customer finishing) saves the customer right
    // after the create read it.
    const customers = h.bot.store.customers;
    const get = customers.get.bind(customers);
    let interfered = false;
    customers.get = async (id) => {
      const read = await get(id);
      if (read && !interfered && h.sim.requestsOf('CreateChannelsSender').length > 0) {
        interfered = true;
        const other = (await get(id))!;
        other.wabaId = wabaId;
        await customers.save(other);
      }
      return read;
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
