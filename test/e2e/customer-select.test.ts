import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText, openRegistrationModal } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import type { Actor } from '../support/slack-requests.js';

let h: Harness;
afterEach(async () => h?.stop());

const customerSelect = (viewId: string) => h.slack.viewFor(viewId).blocks.find((b: any) => b.block_id === 'customer').element;
const values = (options: any[]) => options.map((o) => o.value);

describe('the registration form’s customer field', () => {
  it('finds the newest of 105 customers by part of its name, keeps it through re-renders, and registers in its subaccount', async () => {
    h = await startHarness();
    const customers = await seedCustomers(h, 105);
    const newest = customers.at(-1)!;
    const viewId = await openRegistrationModal(h);
    expect(blockKitViolations(h.slack.viewFor(viewId), 'modal')).toEqual([]);
    expect(customerSelect(viewId)).toMatchObject({ type: 'external_select', min_query_length: 0 });
    // Among customers nothing is picked at first: a missed field must not mean the main account.
    expect(customerSelect(viewId).initial_option).toBeUndefined();

    const untyped = await h.suggest(viewId, 'customer', '');
    expect(untyped).toHaveLength(100);
    expect(untyped[0].value).toBe('main');
    expect(untyped.at(-1).text.text).toContain('type more of the name');
    expect(values(untyped)).not.toContain(newest.id);
    expect(values(await h.suggest(viewId, 'customer', 'tomer 104'))).toEqual([newest.id]);

    await h.dispatchInView(viewId, 'customer', ACTION.detectPath, { customer: newest.id, phone: '+1 415 555 0100' });
    await h.settle();
    expect(customerSelect(viewId).initial_option).toMatchObject({ value: newest.id, text: { text: expect.stringContaining(newest.name) } });

    const warned = await h.submitView(viewId, { customer: newest.id, phone: '+14155550100', name: 'Pizza' });
    expect(blocksText(warned.body.view.blocks)).toContain('generic word');
    expect(customerSelect(viewId).initial_option.value).toBe(newest.id);
    await h.submitView(viewId, { phone: '+14155550100', name: 'Pizza' });
    await h.settle();
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.accountSid).toBe(newest.accountSid);
  });

  it('in a channel bound to one customer offers that customer only, whatever is typed, and nothing to people not allowed', async () => {
    h = await startHarness({ access: { allowedUsers: ['U0ALICE'], readOnlyOpen: true } });
    const [acme, globex] = await seedCustomers(h, 2);
    const shared: Actor = { user: 'U0ALICE', channel: 'C0SHARED' };
    await h.command(`channel bind "${acme!.name}"`, shared);
    await h.settle();
    await h.command('register', shared);
    await h.settle();
    const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
    expect(customerSelect(viewId).initial_option.value).toBe(acme!.id);
    for (const typed of ['', globex!.name, globex!.accountSid, 'main']) expect(values(await h.suggest(viewId, 'customer', typed, shared))).toEqual([acme!.id]);

    const unbound = await openRegistrationModal(h);
    expect(values(await h.suggest(unbound, 'customer', globex!.name))).toEqual([globex!.id]);
    expect(await h.suggest(unbound, 'customer', '', { user: 'U0MALLORY', channel: 'C0ONBOARD' })).toEqual([]);
  });
});
