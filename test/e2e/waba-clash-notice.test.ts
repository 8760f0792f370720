import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const notice = (view: any) => view.blocks.map((b: any) => b.text?.text ?? '').find((t: string) => t.includes('Nothing was sent to Twilio')) as string;

describe('a registration refused for its WABA names the right cause', () => {
  it('another customer holds the WABA (63101): the form says so, not that this account holds another', async () => {
    h = await startHarness();
    const [acme, globex] = await seedCustomers(h, 2);
    acme!.wabaId = globex!.wabaId;
    await h.bot.store.customers.save(acme!);
    const { view } = await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    expect(notice(view)).toContain('already held by another customer’s Twilio account');
    expect(notice(view)).not.toContain('already holds another WABA');
    expect(blocksText(view!.blocks)).toContain('63101');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
  });

  it('the customer’s account holds another WABA (63102): the form says that', async () => {
    h = await startHarness();
    const [acme] = await seedCustomers(h, 1);
    await h.bot.store.accounts.linkWaba(acme!.accountSid, h.sim.state.linkWaba(acme!.accountSid));
    const { view } = await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    expect(notice(view)).toContain('already holds another WABA');
    expect(blocksText(view!.blocks)).toContain('63102');
  });
});
