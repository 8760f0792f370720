import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;
const lastReply = () => h.slack.responses.at(-1)!;
const replyText = (reply: Record<string, any>) => `${reply.text ?? ''}${blocksText(reply.blocks)}`;
const tokenFetches = (accountSid: string) => h.sim.requestsOf('FetchAccount').filter((r) => r.path.includes(accountSid)).length;

async function customerWithSenders(phones = ['+14155550100']) {
  h = await startHarness();
  const [acme] = await seedCustomers(h, 1);
  for (const phone of phones) {
    await register(h, { customer: acme!.id, phone, name: 'Acme Store' });
    expect((await record(h, phone)).state).toBe('awaiting_code');
  }
  return acme!;
}

describe("a customer subaccount's own token", () => {
  it('is fetched again when its owner rotates it: the next poll and /senders status work', async () => {
    const acme = await customerWithSenders(['+14155550100', '+14155550101', '+14155550102']);
    expect(tokenFetches(acme.accountSid)).toBe(1);

    // Three fetches refused at once fetch the token again once.
    h.sim.rotateToken(acme.accountSid);
    const poll = await h.pollAfter(2 * MINUTE);
    expect(poll).toMatchObject({ checked: 3, failures: 0 });
    expect(tokenFetches(acme.accountSid)).toBe(2);

    h.sim.rotateToken(acme.accountSid);
    await h.command('status +14155550100');
    await h.settle();
    const answer = replyText(lastReply());
    expect(answer).toContain('Waiting for the code');
    expect(answer).not.toContain('20003');
    expect(tokenFetches(acme.accountSid)).toBe(3);

    // Once fetched, the new token is used as long as it works.
    await h.pollAfter(10 * MINUTE);
    expect(tokenFetches(acme.accountSid)).toBe(3);
  });

  it('refused for good (the subaccount suspended): the answer names the customer and the subaccount, not the bot settings', async () => {
    const acme = await customerWithSenders();
    h.sim.setAccountStatus(acme.accountSid, 'suspended');

    await h.command('status +14155550100');
    await h.settle();
    const answer = replyText(lastReply());
    expect(answer).toContain('20003');
    expect(answer).toContain(`"${acme.name}"`);
    expect(answer).toContain(acme.accountSid);
    expect(answer).toContain('suspended');
    expect(answer).toContain('Twilio Console');
    expect(answer).not.toContain('TWILIO_AUTH_TOKEN');
    expect(tokenFetches(acme.accountSid)).toBe(2);

    const poll = await h.pollAfter(2 * MINUTE);
    expect(poll.failures).toBe(1);
  });

  it('20003 on the main credentials still points at the bot settings', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.sim.rotateToken(h.mainAccountSid);
    await h.command('status +14155550100');
    await h.settle();
    const answer = replyText(lastReply());
    expect(answer).toContain('20003');
    expect(answer).toContain('TWILIO_AUTH_TOKEN');
  });
});
