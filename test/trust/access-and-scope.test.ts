import { afterEach, describe, expect, it } from 'vitest';
import { REFUSED } from '../../src/access.js';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers, uploadCsv } from '../bulk/support.js';
import { blocksText, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import type { Actor } from '../support/slack-requests.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());

const ALLOWED: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };
const OUTSIDER: Actor = { user: 'U0MALLORY', channel: 'C0ONBOARD' };
const GROUPIE: Actor = { user: 'U0GRACE', channel: 'C0ONBOARD' };
const lastText = () => h.slack.responses.at(-1)!.text as string;

describe('who may change things', () => {
  it('refuses register, bulk, customer, delete and code actions to people not allowed, and keeps status open', async () => {
    h = await startHarness({ access: { allowedUsers: ['U0ALICE'], allowedUsergroup: 'S0ONBOARD', readOnlyOpen: true } });
    h.slack.usergroups.set('S0ONBOARD', ['U0GRACE']);
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const before = JSON.stringify(await stored(h));

    for (const text of ['register', 'bulk', 'customer add Evil', 'delete +14155550100', 'watch +14155550100', 'channel bind Acme', 'bulk cancel']) {
      await h.command(text, OUTSIDER);
      await h.settle();
      expect(lastText(), text).toBe(REFUSED);
    }
    const id = (await record(h, '+14155550100')).id;
    const message = { ts: (await record(h, '+14155550100')).slack!.ts!, channel: 'C0ONBOARD' };
    for (const action of [ACTION.enterCode, ACTION.resend, ACTION.switchToVoice, ACTION.abandon]) {
      await h.click(action, id, message, OUTSIDER);
      await h.settle();
      expect(lastText(), action).toBe(REFUSED);
    }
    expect(JSON.stringify(await stored(h))).toBe(before);
    expect(h.slack.callsOf('views.open')).toHaveLength(1);

    await h.command('status +14155550100', OUTSIDER);
    await h.settle();
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).toContain('+14155550100');

    await h.command('customer add "Grace Corp"', GROUPIE);
    await h.settle();
    expect(lastText()).toContain('Customer *Grace Corp* added');
    await h.command('register', ALLOWED);
    await h.settle();
    expect(h.slack.callsOf('views.open')).toHaveLength(2);
  });

  it('closes read-only commands too when READ_ONLY_OPEN is false', async () => {
    h = await startHarness({ access: { allowedUsers: ['U0ALICE'], readOnlyOpen: false } });
    await h.command('list', OUTSIDER);
    await h.settle();
    expect(lastText()).toBe(REFUSED);
    await h.event({ type: 'app_home_opened', user: 'U0MALLORY', channel: 'D1', tab: 'home' });
    await h.settle();
    expect(blocksText(h.slack.callsOf('views.publish').at(-1)!.args.view.blocks)).toContain('Only the people allowed');
  });
});

describe('a channel bound to one customer', () => {
  it('never reads or acts on another customer’s sender, whatever is typed or replayed into a button', async () => {
    h = await startHarness();
    const [acme, globex] = await seedCustomers(h, 2);
    await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    await register(h, { customer: globex!.id, phone: '+14155550200', name: 'Globex Store' });
    const shared: Actor = { user: 'U0ALICE', channel: 'C0SHARED' };
    await h.command(`channel bind "${acme!.name}"`, shared);
    await h.settle();
    expect(lastText()).toContain(`bound to *${acme!.name}*`);

    const foreign = await record(h, '+14155550200');
    const before = JSON.stringify(foreign);
    for (const text of [`status +14155550200`, `status ${foreign.sid}`, `delete ${foreign.sid}`, `watch ${foreign.sid}`, `unwatch +14155550200`]) {
      await h.command(text, shared);
      await h.settle();
      expect(lastText(), text).toContain('bound to one customer');
    }
    await h.command('list', shared);
    await h.settle();
    const list = blocksText(h.slack.responses.at(-1)!.blocks);
    expect(list).toContain('+14155550100');
    expect(list).not.toContain('+14155550200');

    const inShared = { ts: '1700000000.999999', channel: 'C0SHARED' };
    for (const action of [ACTION.enterCode, ACTION.resend, ACTION.switchToVoice, ACTION.abandon, ACTION.recheck]) {
      await h.click(action, foreign.id, inShared, shared);
      await h.settle();
      expect(lastText(), action).toContain('bound to one customer');
    }
    await h.click(ACTION.snooze, `${foreign.id}|60`, inShared, shared);
    await h.click(ACTION.deleteSender, `${foreign.accountSid}|${foreign.sid}`, inShared, shared);
    await h.settle();
    expect(lastText()).toContain('bound to one customer');
    expect(h.sim.requestsOf('DeleteChannelsSender')).toHaveLength(0);
    expect(JSON.stringify(await record(h, '+14155550200'))).toBe(before);

    await h.command('register', shared);
    await h.settle();
    const opened = h.slack.callsOf('views.open').at(-1)!;
    for (const typed of ['', globex!.name, 'main']) {
      const options = await h.suggest(opened.args.__id, 'customer', typed, shared);
      expect(options.map((o: any) => o.value)).toEqual([acme!.id]);
    }
    const forged = await h.submitView(opened.args.__id, { customer: globex!.id, phone: '+14155550300', name: 'Acme Store' }, shared);
    expect(forged.body.response_action).toBe('errors');
    expect((await stored(h)).senders.some((s) => s.phoneNumber === '+14155550300')).toBe(false);

    const { view } = await uploadCsv(
      h,
      `customer,phone_number,display_name\n${globex!.name},+14155550400,Globex Store\n${acme!.name},+14155550401,Acme Store`,
      'file',
      shared,
    );
    expect(blocksText(view.blocks)).toContain('*1 ready*');
  });
});

describe('delete', () => {
  it('asks for confirmation, deletes in Twilio, marks the record, and is harmless when repeated', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const r = await record(h, '+14155550100');
    await h.command('delete +14155550100');
    await h.settle();
    const confirmation = h.slack.responses.at(-1)!;
    expect(blocksText(confirmation.blocks)).toContain('Delete in Twilio');
    expect(h.sim.requestsOf('DeleteChannelsSender')).toHaveLength(0);
    const button = confirmation.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(button.confirm).toBeDefined();

    await h.click(ACTION.deleteSender, button.value, { ts: '1', channel: 'C0ONBOARD' });
    await h.settle();
    expect(lastText()).toContain('is deleted in Twilio');
    expect(h.sim.state.senders.size).toBe(0);
    expect(await record(h, '+14155550100')).toMatchObject({ status: 'DELETED', state: 'abandoned' });

    await h.click(ACTION.deleteSender, button.value, { ts: '1', channel: 'C0ONBOARD' });
    await h.settle();
    expect(lastText()).toContain('already deleted');
    expect((await stored(h)).audit.filter((a) => a.action === 'delete')).toHaveLength(2);
    expect(r.sid).toBeTruthy();
  });
});
