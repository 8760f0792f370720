import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { confirm, uploadCsv } from '../bulk/support.js';
import { blocksText, openRegistrationModal, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());

const lastReply = () => h.slack.responses.at(-1)!;
const creates = () => h.sim.requestsOf('CreateChannelsSender');
const customerNamed = async (name: string) => (await stored(h)).customers.find((c) => c.name === name)!;

async function command(text: string) {
  await h.command(text);
  await h.settle();
  return lastReply();
}

describe("a customer's WABA", () => {
  it('customer add with a WABA: `customers` shows it, the form names it, and the create carries it and links it', async () => {
    h = await startHarness();
    const wabaId = h.sim.state.addWaba();
    expect((await command(`customer add "Acme Corp" waba ${wabaId}`)).text).toContain(`join WhatsApp Business Account (WABA) *${wabaId}*`);
    const acme = await customerNamed('Acme Corp');
    expect(acme.wabaId).toBe(wabaId);
    expect((await stored(h)).audit.at(-1)).toMatchObject({ action: 'customer_create', detail: `Acme Corp, WABA ${wabaId}` });
    expect(blocksText((await command('customers')).blocks)).toContain(`WABA ${wabaId}`);

    const viewId = await openRegistrationModal(h);
    await h.dispatchInView(viewId, 'customer', ACTION.detectPath, { customer: acme.id });
    await h.settle();
    expect(blocksText(h.slack.viewFor(viewId)!.blocks)).toContain(`the sender joins Acme Corp's WABA *${wabaId}*`);

    await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    expect(creates()).toHaveLength(1);
    expect(creates()[0]!.body).toMatchObject({ configuration: { waba_id: wabaId } });
    expect(h.sim.state.linkedWabas.get(acme.accountSid)).toBe(wabaId);
    expect((await stored(h)).accountWabas[acme.accountSid]).toBe(wabaId);
    expect(h.sim.contractViolations).toEqual([]);
  });

  it("the main account's WABA is learned from its first sender; a registration queued behind the pace carries it at its turn", async () => {
    h = await startHarness({ sendersMinIntervalMs: 3 * 60_000 });
    const main = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    expect(main.view!.title.text).not.toBe('Registration queued');
    // The main account's WABA, unknown to the bot before, is learned from its first sender.
    expect(creates()[0]!.body).not.toHaveProperty('configuration.waba_id');
    expect((await stored(h)).accountWabas[h.mainAccountSid]).toBe(h.mainWabaId);
    const queued = await register(h, { phone: '+14155550101', name: 'Acme Store' });
    expect(queued.view!.title.text).toBe('Registration queued');
    await h.drainQueue();
    expect(creates()).toHaveLength(2);
    expect(creates()[1]!.body).toMatchObject({ configuration: { waba_id: h.mainWabaId } });
  });

  it('a customer with no WABA: the form says so with an Onboard button, and no create reaches Twilio', async () => {
    h = await startHarness({ slashCommand: '/wa' });
    const added = await command('customer add "Acme Corp"');
    expect(added.text).toContain('No WABA yet: run `/wa customer onboard "Acme Corp"`');
    const acme = await customerNamed('Acme Corp');
    expect(blocksText((await command('customers')).blocks)).toContain('no WABA yet: run `/wa customer onboard \\"Acme Corp\\"`');

    const { ack, view } = await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    expect(ack.body.response_action).toBe('update');
    expect(creates()).toHaveLength(0);
    expect((await stored(h)).senders).toHaveLength(0);
    expect(blocksText(view!.blocks)).toContain('Nothing was sent to Twilio');
    const wabaBlock = view!.blocks.find((b: any) => b.block_id === 'waba_info') as any;
    expect(wabaBlock.text.text).toContain('has no WhatsApp Business Account (WABA) yet');
    expect(wabaBlock.text.text).toContain('`/wa customer onboard "Acme Corp"`');
    expect(wabaBlock.accessory).toMatchObject({ action_id: 'customer_onboard', value: acme.id });
  });

  it('customer waba sets the WABA (audited), refuses a malformed one, and the next registration carries it', async () => {
    h = await startHarness();
    await command('customer add "Acme Corp"');
    const acme = await customerNamed('Acme Corp');
    expect((await command('customer waba "Acme Corp" 12ab')).text).toContain('not a WABA ID');
    expect((await command('customer waba Nobody 104567891234567')).text).toContain('No customer "Nobody"');
    const wabaId = h.sim.state.addWaba();
    expect((await command(`customer waba "Acme Corp" ${wabaId}`)).text).toContain(`now has WABA *${wabaId}*`);
    expect((await customerNamed('Acme Corp')).wabaId).toBe(wabaId);
    expect((await stored(h)).audit.at(-1)).toMatchObject({ action: 'customer_waba', target: acme.accountSid, detail: `Acme Corp: ${wabaId}` });

    await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    expect(creates()[0]!.body).toMatchObject({ configuration: { waba_id: wabaId } });
  });

  it('linking a subaccount learns its WABA from its senders, and refuses a different one', async () => {
    h = await startHarness();
    const sub = h.sim.state.createSubaccount('Globex');
    const linked = h.sim.state.linkWaba(sub.sid);
    h.sim.state.create(sub.sid, { sender_id: 'whatsapp:+14155550190', profile: { name: 'Globex' } });
    const other = h.sim.state.addWaba();

    const refused = await command(`customer add Globex ${sub.sid} waba ${other}`);
    expect(refused.text).toContain(`already holds WABA ${linked}`);
    expect(refused.text).toContain(other);
    expect((await stored(h)).customers).toHaveLength(0);

    expect((await command(`customer add Globex ${sub.sid}`)).text).toContain(`join WABA *${linked}*, the one its existing senders in Twilio use`);
    expect((await customerNamed('Globex')).wabaId).toBe(linked);
    expect((await command(`customer waba Globex ${other}`)).text).toContain('63102');
    expect((await customerNamed('Globex')).wabaId).toBe(linked);
  });

  it('a second WABA for an account is refused before anything is sent, single and bulk', async () => {
    h = await startHarness();
    const first = h.sim.state.addWaba();
    await command(`customer add "Acme Corp" waba ${first}`);
    const acme = await customerNamed('Acme Corp');
    // The account is seen holding another WABA (a sender made outside the bot, say).
    await h.bot.store.accounts.linkWaba(acme.accountSid, h.sim.state.linkWaba(acme.accountSid));

    const { view } = await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    expect(blocksText(view!.blocks)).toContain('Nothing was sent to Twilio');
    expect(blocksText(view!.blocks)).toContain('63102');

    const bulk = await uploadCsv(h, `customer,phone_number,display_name\nAcme Corp,+14155550101,Acme Store\nmain,+14155550102,Acme Store`);
    const preview = blocksText(bulk.view!.blocks);
    expect(preview).toContain('1 ready');
    expect(preview).toContain('63102');
    expect(preview).toContain('Main account');
    await confirm(h, bulk.viewId);
    await h.drainQueue();
    expect(creates().map((c) => c.accountSid)).toEqual([h.mainAccountSid]);
  });

  it('bulk: rows of a customer without a WABA are refused with the onboarding command; the preview shows the WABA each account joins', async () => {
    h = await startHarness();
    await command('customer add "Acme Corp"');
    const wabaId = h.sim.state.addWaba();
    await command(`customer add Globex waba ${wabaId}`);
    const { view } = await uploadCsv(h, `customer,phone_number,display_name\nAcme Corp,+14155550101,Acme Store\nGlobex,+14155550102,Globex Store`);
    const preview = blocksText(view!.blocks);
    expect(preview).toContain('1 ready');
    expect(preview).toContain('`/senders customer onboard \\"Acme Corp\\"`');
    expect(preview).toContain(`Globex: WABA *${wabaId}*`);
  });

  it("Twilio's 63101 and 63102 are explained with the next step", async () => {
    h = await startHarness();
    // A WABA Twilio does not know (a typo, or never shared with Twilio).
    await command('customer add "Acme Corp" waba 104567891234567');
    const acme = await customerNamed('Acme Corp');
    const unknown = await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    const said = blocksText(unknown.view!.blocks);
    expect(said).toContain('Twilio error 63101');
    expect(said).toContain("Meta's WhatsApp Manager");

    // An account Twilio links to another WABA, which the bot could not have seen (no senders yet).
    const sub = h.sim.state.createSubaccount('Globex');
    h.sim.state.linkWaba(sub.sid);
    await command(`customer add Globex ${sub.sid} waba ${h.sim.state.addWaba()}`);
    const second = await register(h, { customer: (await customerNamed('Globex')).id, phone: '+14155550101', name: 'Globex Store' });
    expect(blocksText(second.view!.blocks)).toContain('Twilio error 63102');
    expect(blocksText(second.view!.blocks)).toContain('separate customer');
  });
});
