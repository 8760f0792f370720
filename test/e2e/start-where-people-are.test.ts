import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, SHORTCUT } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText, buttonIds, channelMessageFor, openRegistrationModal, record, register } from '../support/flows.js';
import { ALICE, type Harness, startHarness } from '../support/harness.js';
import { latestLink, startWithMeta } from '../support/onboarding.js';
import { senderRecord } from '../support/sender-record.js';
import { buttonPayload, interactionBody } from '../support/slack-requests.js';

let h: Harness;
afterEach(async () => h?.stop());

const trigger = () => `trigger.${Date.now()}.${Math.random().toString(16).slice(2)}`;
const who = { user: { id: ALICE.user, username: 'alice', name: 'alice', team_id: 'T0001' }, team: { id: 'T0001', domain: 'example' } };

/** A global shortcut chosen from Slack's shortcut menu, as Slack posts it. */
const shortcut = (callbackId: string) =>
  h.post(
    interactionBody({
      type: 'shortcut',
      callback_id: callbackId,
      trigger_id: trigger(),
      action_ts: '1700000000.1',
      token: 'legacy-verification-token',
      ...who,
    }),
  );

async function openHome() {
  await h.event({ type: 'app_home_opened', user: ALICE.user, channel: 'D0HOME', tab: 'home' });
  await h.settle();
  return h.slack.callsOf('views.publish').at(-1)!.args.view;
}

/** A button of the published Home tab pressed, as Slack posts it (the view, no channel). */
async function pressOnHome(actionId: string) {
  const home = await openHome();
  const pressed = home.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === actionId);
  expect(pressed, `Home button ${actionId}`).toBeDefined();
  await h.post(
    interactionBody({
      type: 'block_actions',
      ...who,
      api_app_id: 'A0001',
      token: 'legacy-verification-token',
      trigger_id: trigger(),
      container: { type: 'view', view_id: 'VHOME' },
      view: { ...home, id: 'VHOME', hash: 'hhome' },
      actions: [{ type: 'button', action_id: actionId, block_id: 'home_start', value: pressed.value, action_ts: '1700000000.2' }],
    }),
  );
  await h.settle();
}

const lastOpened = () => h.slack.callsOf('views.open').at(-1)?.args;

describe('starting without a command', () => {
  it('the global shortcut opens the registration form; the sender’s message then comes to the person', async () => {
    h = await startHarness();
    await shortcut(SHORTCUT.register);
    await h.settle();
    const opened = lastOpened();
    expect(opened?.view.callback_id).toBe(CALLBACK.register);
    const viewId = opened!.__id as string;
    await h.submitView(viewId, { phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect(h.slack.postedIn(ALICE.user).some((m) => m.text.includes('+14155550100'))).toBe(true);
  });

  it('the Home tab offers Register (primary), Onboard and Bulk, each opening its form', async () => {
    h = await startHarness();
    const home = await openHome();
    expect(blockKitViolations(home, 'home')).toEqual([]);
    const start = home.blocks.find((b: any) => b.block_id === 'home_start');
    expect(start.elements.map((e: any) => [e.text.text, e.style])).toEqual([
      ['Register a sender', 'primary'],
      ['Onboard a customer', undefined],
      ['Bulk registration', undefined],
    ]);

    await pressOnHome(ACTION.homeRegister);
    expect(lastOpened()?.view.callback_id).toBe(CALLBACK.register);
    await pressOnHome(ACTION.homeBulk);
    expect(lastOpened()?.view.callback_id).toBe(CALLBACK.bulkUpload);
    expect(JSON.parse(lastOpened()!.view.private_metadata)).toEqual({ channel: ALICE.user });
    await pressOnHome(ACTION.homeOnboard);
    expect(lastOpened()?.view.callback_id).toBe(CALLBACK.onboardCustomer);
    // Embedded Signup is not set up in this bot: the form says so before anything is made.
    const answer = await h.submitView(lastOpened()!.__id, { customer: 'Nobody Inc' });
    expect(answer.body).toMatchObject({ response_action: 'errors', errors: { customer: expect.stringContaining('not set up') } });
  });

  it('Onboard a customer from the Home tab posts the signup link in the person’s messages with the bot', async () => {
    ({ h } = await startWithMeta(startHarness));
    const [acme] = await seedCustomers(h, 1);
    await pressOnHome(ACTION.homeOnboard);
    const viewId = lastOpened()!.__id as string;
    const unknown = await h.submitView(viewId, { customer: 'Nobody Inc' });
    expect(unknown.body).toMatchObject({ response_action: 'errors', errors: { customer: expect.stringContaining('/senders customers') } });
    const taken = await h.submitView(viewId, { customer: acme!.name, new_customer: 'new' });
    expect(taken.body).toMatchObject({ response_action: 'errors', errors: { customer: expect.stringContaining('already exists') } });

    const sent = await h.submitView(viewId, { customer: acme!.name });
    expect(sent.body.response_action).toBe('update');
    await h.settle();
    const { onboarding, url } = await latestLink(h);
    expect(onboarding.channel).toBe(ALICE.user);
    expect(url).toContain('/onboard/');
  });

  it('someone who may not change anything is told so in a modal', async () => {
    h = await startHarness({ access: { allowedUsers: ['U0BOSS'], readOnlyOpen: true } });
    await shortcut(SHORTCUT.register);
    await h.settle();
    expect(lastOpened()?.view.title.text).toBe('Not allowed');
  });
});

describe('the registration form when customers exist', () => {
  it('picks no account by itself, and says to pick one when none is', async () => {
    h = await startHarness();
    await seedCustomers(h, 2);
    const viewId = await openRegistrationModal(h);
    const select = h.slack.viewFor(viewId).blocks.find((b: any) => b.block_id === 'customer');
    expect(select.element.initial_option).toBeUndefined();
    expect(select.optional).toBe(false);
    // The number's path depends on its account: the hint asks for the account first.
    await h.dispatchInView(viewId, 'phone', ACTION.detectPath, { phone: '+14155550100' });
    await h.settle();
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('Pick the customer this number is for');
    const refused = await h.submitView(viewId, { phone: '+14155550100', name: 'Acme Store' });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { customer: expect.stringContaining('Main account') } });
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);

    await h.submitView(viewId, { customer: 'main', phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('without customers, the main account stays chosen', async () => {
    h = await startHarness();
    const viewId = await openRegistrationModal(h);
    expect(h.slack.viewFor(viewId).blocks.find((b: any) => b.block_id === 'customer').element.initial_option.value).toBe('main');
  });
});

describe('a failed registration on the Home tab and in its message', () => {
  it('names its customer, links its thread, and offers Migrate, not a blind Retry, when the number is already on WhatsApp (63110)', async () => {
    h = await startHarness();
    h.sim.setScenario('+14155550300', 'already_registered');
    await register(h, { phone: '+14155550300', name: 'Acme Store' });
    const failed = await record(h, '+14155550300');
    const message = await channelMessageFor(h, '+14155550300');
    const buttons = message.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b: any) => [b.action_id, b.style])).toEqual([
      [ACTION.migrate, 'primary'],
      [ACTION.dismiss, undefined],
    ]);
    expect(blocksText(message.blocks)).toContain('deletes that WhatsApp account');

    const home = await openHome();
    const text = blocksText(home.blocks);
    expect(text).toContain('Main account');
    expect(text).toContain(`<https://slack.com/archives/${failed.slack!.channel}/p${failed.slack!.ts!.replace('.', '')}|Its thread>`);
    const homeButtons = home.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
    expect(homeButtons.find((e: any) => e.action_id === ACTION.migrate)?.style).toBeUndefined();
    expect(homeButtons.map((e: any) => e.action_id)).not.toContain(ACTION.retry);
  });
});

describe('list filters and pages', () => {
  it('filters by customer and status, and Next / Previous replace the list keeping the filters', async () => {
    h = await startHarness();
    const [acme] = await seedCustomers(h, 1);
    for (let i = 0; i < 45; i += 1) {
      await h.bot.store.senders.insert(
        senderRecord({
          id: `s${i}`,
          phoneNumber: `+1415555${String(1000 + i)}`,
          accountSid: i % 3 === 0 ? h.mainAccountSid : acme!.accountSid,
          state: 'verifying',
          status: i % 2 === 0 ? 'OFFLINE' : 'VERIFYING',
          sid: `XE${String(i).padStart(32, '0')}`,
        }),
      );
    }
    // Acme's OFFLINE senders: i even and not a multiple of 3, 15 of the 45.
    // Part of the name is enough; quoted, it may have spaces.
    await h.command('list status:offline customer:"TOMER 0"');
    await h.settle();
    const first = h.slack.responses.at(-1)!;
    expect(blockKitViolations(first, 'message')).toEqual([]);
    expect(blocksText(first.blocks)).toContain(`WhatsApp senders of ${acme!.name}, OFFLINE (15)`);
    expect(blocksText(first.blocks)).not.toContain('VERIFYING');
    expect(buttonIds(first.blocks)).toEqual([]);

    await h.command('list');
    await h.settle();
    const page1 = h.slack.responses.at(-1)!;
    expect(blocksText(page1.blocks)).toContain('Page 1 of 3');
    const next = page1.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
    expect(next.map((b: any) => b.text.text)).toEqual(['Next']);

    const click = (button: any) =>
      h.post(interactionBody(buttonPayload(button.action_id, button.value, ALICE, { ts: '1700000000.000009', channel: ALICE.channel }, h.slack.responseUrl())));
    await click(next[0]);
    await h.settle();
    const page2 = h.slack.responses.at(-1)!;
    expect(page2.replace_original).toBe(true);
    expect(blocksText(page2.blocks)).toContain('Page 2 of 3');
    expect(page2.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.text.text) : []))).toEqual(['Previous', 'Next']);
    // OFFLINE first (23 of them), then VERIFYING: page 2 holds the last 3 OFFLINE and 17 VERIFYING.
    expect(blocksText(page2.blocks)).toContain('+14155551040');
    expect(blocksText(page2.blocks)).not.toContain('+14155551038');

    await h.command('list status:online');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('No senders match');
    await h.command('list customer:nobody');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('No customer "nobody"');
  });
});

describe('help', () => {
  it('an overview by task with onboarding first, each topic in full, and the topics when one is unknown', async () => {
    h = await startHarness({ slashCommand: '/wa' });
    await h.command('help');
    const overview = h.slack.responses.at(-1)!;
    const text = blocksText(overview.blocks);
    expect(text.length).toBeLessThan(2_100);
    expect(text.indexOf('Customers and onboarding')).toBeLessThan(text.indexOf('Register'));
    expect(text).toContain('`/wa help <topic>`');
    await h.command('help follow');
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).toContain('/wa list customer:\\"Acme Corp\\" status:offline');
    await h.command('help frogs');
    expect(h.slack.responses.at(-1)!.text).toContain('*onboarding*, *register*, *follow*, *numbers*, *bulk*, *admin*');
    expect(JSON.stringify(h.slack.responses)).not.toContain('/senders');
  });
});
