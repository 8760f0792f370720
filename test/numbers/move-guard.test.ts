import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, openRegistrationModal, record, register } from '../support/flows.js';
import { harnessPerTest } from '../support/harness.js';
import { clickInView } from './support.js';

const start = harnessPerTest();
const NUMBER = '+14155550111';

async function hintFor(h: Awaited<ReturnType<typeof start>>, viewId: string, customer: string) {
  await h.dispatchInView(viewId, 'phone', ACTION.detectPath, { customer, phone: NUMBER });
  await h.settle();
  return h.slack.viewFor(viewId);
}

const moveButton = (view: any) => view.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === ACTION.moveNumber);

describe('moving a number that another customer uses', () => {
  it('Move asks first, in a dialog naming the number and both customers', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    h.sim.addNumber(globex!.accountSid, NUMBER, { sms: true, voice: true });
    const viewId = await openRegistrationModal(h);
    const move = moveButton(await hintFor(h, viewId, acme!.id));
    expect(move.style).toBeUndefined();
    expect(move.confirm.text.text).toContain(NUMBER);
    expect(move.confirm.text.text).toContain(globex!.name);
    expect(move.confirm.text.text).toContain(acme!.name);
  });

  it('a number the bot registered for the customer it is with is not offered to move, and a Move pressed earlier leaves it where it is', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    const number = h.sim.addNumber(globex!.accountSid, NUMBER, { sms: true, voice: true });
    const earlier = await openRegistrationModal(h);
    expect(moveButton(await hintFor(h, earlier, acme!.id))).toBeDefined();

    // Meanwhile someone registers the number as Globex's sender.
    await register(h, { customer: globex!.id, phone: NUMBER, name: 'Globex Store' });
    await h.pollAfter(10 * 60_000);
    expect(await record(h, NUMBER)).toMatchObject({ accountSid: globex!.accountSid, state: 'online' });

    await clickInView(h, earlier, ACTION.moveNumber, 'number_elsewhere', { customer: acme!.id, phone: NUMBER });
    expect(h.sim.requestsOf('UpdateIncomingPhoneNumber')).toHaveLength(0);
    expect(number.account_sid).toBe(globex!.accountSid);
    const refused = blocksText(h.slack.viewFor(earlier).blocks);
    expect(refused).toContain(`is a WhatsApp sender of ${globex!.name}`);
    expect(refused).toContain(`delete ${NUMBER}`);

    const later = await openRegistrationModal(h);
    const hint = await hintFor(h, later, acme!.id);
    expect(moveButton(hint)).toBeUndefined();
    expect(blocksText(hint.blocks)).not.toContain(ACTION.registerWhereItIs);
    expect(blocksText(hint.blocks)).toContain(`${globex!.name}’s WhatsApp sender`);
  });

  it('a number that is a sender in Twilio’s list only (registered in the Console) is not moved either', async () => {
    const h = await start();
    const [acme, globex] = await seedCustomers(h, 2);
    const number = h.sim.addNumber(globex!.accountSid, NUMBER, { sms: true, voice: true });
    h.sim.state.create(globex!.accountSid, { sender_id: `whatsapp:${NUMBER}`, profile: { name: 'Globex Store' }, configuration: { waba_id: globex!.wabaId } });
    const viewId = await openRegistrationModal(h);
    await hintFor(h, viewId, acme!.id);

    await clickInView(h, viewId, ACTION.moveNumber, 'number_elsewhere', { customer: acme!.id, phone: NUMBER });
    expect(h.sim.requestsOf('UpdateIncomingPhoneNumber')).toHaveLength(0);
    expect(number.account_sid).toBe(globex!.accountSid);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain(`is a WhatsApp sender of ${globex!.name}`);
  });
});
