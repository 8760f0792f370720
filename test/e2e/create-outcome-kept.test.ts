import { afterEach, describe, expect, it } from 'vitest';
import { giveWaba, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;

/** Someone else saves the record each time one of these numbers is created (a reconcile round, another replica). */
function saveMeanwhileOnCreate(h: Harness, phones: string[]) {
  const twilio = h.bot.twilio;
  const create = twilio.createSender.bind(twilio);
  twilio.createSender = async (accountSid, body) => {
    const answer = await create(accountSid, body);
    const phone = String(body.sender_id).replace('whatsapp:', '');
    if (phones.includes(phone)) {
      const stored = await h.bot.store.senders.findActive(accountSid, phone);
      if (stored) await h.bot.store.senders.save(stored);
    }
    return answer;
  };
}

describe('a queued create whose record is saved by someone else while it is out', () => {
  it('keeps the SID and the state Twilio answered, and the person is still asked for the code', async () => {
    h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const queued = await register(h, { phone: '+14155550101', name: 'Acme Store' });
    expect(queued.view!.title.text).toBe('Registration queued');
    saveMeanwhileOnCreate(h, ['+14155550101']);
    h.clock.advance(3 * MINUTE);
    await h.drainQueue({ maxRounds: 1 });
    await h.settle();

    const second = await record(h, '+14155550101');
    expect(second.sid).toBeDefined();
    expect(second.state).toBe('awaiting_code');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
    // The sender's message shows it waits for the code.
    const message = h.slack.messages.find((m) => m.ts === second.slack?.ts);
    expect(JSON.stringify(message?.blocks ?? [])).toMatch(/code/i);
    // Later rounds send nothing again.
    h.clock.advance(10 * MINUTE);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
  });
});

describe('a create round where one pick changed since it was read', () => {
  it("still sends the other accounts' picks in that round", async () => {
    h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE });
    await h.command('customer add "Acme Corp"');
    await h.settle();
    const acme = (await h.bot.store.customers.find('Acme Corp'))!;
    await giveWaba(h, 'Acme Corp');
    await register(h, { customer: 'main', phone: '+14155550100', name: 'Main Store' });
    await register(h, { customer: 'main', phone: '+14155550101', name: 'Main Store' });
    await register(h, { customer: acme.id, phone: '+14155550200', name: 'Acme Store' });
    await register(h, { customer: acme.id, phone: '+14155550201', name: 'Acme Store' });
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);

    // The main account's queued record is saved by someone else right after the round reads the queue.
    const senders = h.bot.store.senders;
    const queued = senders.queued.bind(senders);
    senders.queued = async () => {
      const read = await queued();
      const main = read.find((r) => r.phoneNumber === '+14155550101');
      if (main) await senders.save({ ...main });
      return read;
    };
    h.clock.advance(3 * MINUTE);
    await h.bot.runner.tick();
    const sentTo = h.sim.requestsOf('CreateChannelsSender').map((r) => String((r.body as any).sender_id));
    expect(sentTo).toContain('whatsapp:+14155550201');
    expect(sentTo).toHaveLength(3);
  });
});
