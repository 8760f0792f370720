import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, openRegistrationModal, record, register } from '../support/flows.js';
import { harnessPerTest } from '../support/harness.js';
import { senderRecord } from '../support/sender-record.js';
import { stored } from '../support/stored.js';
import { replyText, startWithApiKey } from './support.js';

const start = harnessPerTest();

/** What a person would read as the cause: the key, and the fix; not the settings a 20003 usually points at. */
function expectKeyNamed(text: string) {
  expect(text).toContain('Standard API key');
  expect(text).toContain('Main API key');
  expect(text).not.toContain('TWILIO_ACCOUNT_SID');
}

describe('a Standard API key, in customers’ subaccounts', () => {
  it('a registration for a customer says the key is the cause and sends nothing', async () => {
    const h = await startWithApiKey(start, 'standard');
    const [acme] = await seedCustomers(h, 1);
    const viewId = await openRegistrationModal(h);
    await h.dispatchInView(viewId, 'phone', ACTION.detectPath, { customer: acme!.id, phone: '+14155550100' });
    await h.settle();
    expectKeyNamed(blocksText(h.slack.viewFor(viewId).blocks));

    const { view } = await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    const told = blocksText(view!.blocks);
    expect(told).toContain('Nothing was sent to Twilio');
    expectKeyNamed(told);
    expect((await stored(h)).senders).toEqual([]);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
  });

  it('status of a customer’s sender, and the watcher’s polls of it, name the key', async () => {
    const h = await startWithApiKey(start, 'standard');
    const [acme] = await seedCustomers(h, 1);
    const sender = h.sim.state.create(acme!.accountSid, {
      sender_id: 'whatsapp:+14155550100',
      profile: { name: 'Acme Store' },
      configuration: { waba_id: acme!.wabaId },
    });
    const now = new Date(h.clock.now()).toISOString();
    const tracked = senderRecord({
      sid: sender.sid,
      accountSid: acme!.accountSid,
      customerId: acme!.id,
      path: 'twilio_sms',
      state: 'verifying',
      createdAt: now,
    });
    await h.bot.store.senders.insert(tracked);

    await h.command('status +14155550100');
    await h.settle();
    expectKeyNamed(replyText(h.slack.responses.at(-1)));

    const report = await h.pollAfter(60 * 60_000);
    expect(report.failures).toBe(1);
    expect(h.logLines.filter((l) => l.includes('could not check a sender')).join('\n')).toContain('Standard API key');
    expect((await record(h, '+14155550100')).state).toBe('verifying');
  });
});
