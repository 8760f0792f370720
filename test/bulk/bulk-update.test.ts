import { afterEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/store/schema.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText } from '../support/flows.js';
import { type Harness, sameWorld, startHarness } from '../support/harness.js';
import { senderRecord } from '../support/sender-record.js';
import { seedCustomers } from './support.js';

const MINUTE = 60_000;
const OLD = 'https://old-platform.example/whatsapp';
const NEW = 'https://new-platform.example/whatsapp';

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop();
});

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE, ...options });
  running.push(h);
  return h;
}

/** An ONLINE sender in Twilio and in the bot's store, on the old platform's callback URL. */
async function seedSender(h: Harness, customer: Customer, phoneNumber: string, id: string): Promise<string> {
  const sender = h.sim.state.create(customer.accountSid, {
    sender_id: `whatsapp:${phoneNumber}`,
    profile: { name: 'Acme Store', about: 'We sell anvils' },
    webhook: { callback_url: OLD, callback_method: 'POST' },
    configuration: { waba_id: customer.wabaId },
  });
  h.sim.state.moveTo(phoneNumber, 'ONLINE');
  await h.bot.store.atomically(async (tx) =>
    tx.senders.insert(
      senderRecord({
        id,
        sid: sender.sid,
        accountSid: customer.accountSid,
        customerId: customer.id,
        phoneNumber,
        state: 'online',
        status: 'ONLINE',
        profile: { name: 'Acme Store', about: 'We sell anvils' },
        webhook: { callback_url: OLD, callback_method: 'POST' },
      }),
    ),
  );
  return sender.sid;
}

/** Three senders in two customers: two of Customer 0, one of Customer 1. */
async function seedWorld(h: Harness) {
  const [c0, c1] = await seedCustomers(h, 2);
  const a1 = await seedSender(h, c0!, '+14155550101', 'a1');
  const a2 = await seedSender(h, c0!, '+14155550102', 'a2');
  const b1 = await seedSender(h, c1!, '+14155550201', 'b1');
  return { c0: c0!, c1: c1!, a1, a2, b1 };
}

async function uploadUpdate(h: Harness, csv: string) {
  await h.command('bulk update');
  await h.settle();
  const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
  expect(h.slack.viewFor(viewId)!.callback_id).toBe('bulk_update_upload');
  await h.submitView(viewId, { file: [h.slack.hostFile('changes.csv', csv)] });
  await h.waitFor(() => h.slack.viewFor(viewId)?.callback_id !== 'registering');
  await h.waitFor(() => h.slack.viewFor(viewId)?.callback_id === 'bulk_update_confirm' || blocksText(h.slack.viewFor(viewId)?.blocks).includes(':x:'));
  return { viewId, view: h.slack.viewFor(viewId)! };
}

/** Runs the queue's rounds, moving the clock to each next turn, until no bulk update is left running. */
async function runUpdates(h: Harness, maxRounds = 20): Promise<void> {
  for (let round = 0; round < maxRounds; round += 1) {
    const report = await h.bot.runner.tick();
    await h.bot.outbox.idle();
    const open = (await h.bot.store.bulkRuns.inStates(['running', 'paused'])).filter((r) => r.kind === 'update');
    if (open.length === 0) return;
    if (report.nextAt !== undefined && report.nextAt > h.clock.now()) h.clock.advance(report.nextAt - h.clock.now());
    else h.clock.advance(MINUTE);
  }
}

const updatesOf = (h: Harness, sid: string) => h.sim.requestsOf('UpdateChannelsSender').filter((r) => r.path.endsWith(sid));

describe('bulk update of profiles and webhooks', () => {
  it('moves the callback URL of senders of two customers: preview per customer, paced sends of the changed fields only, results CSV', async () => {
    const h = await start();
    const { a1, a2, b1 } = await seedWorld(h);
    const csv = [
      'sid,callback_url,about',
      `${a1},${NEW},`,
      `${a2},${NEW},-`,
      `+14155550201,${NEW},We sell anvils`,
      `XE00000000000000000000000000000000,${NEW},`,
    ].join('\n');
    const { viewId, view } = await uploadUpdate(h, csv);
    const preview = blocksText(view.blocks);
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    expect(preview).toContain('*4* rows checked: *3 ready*, *1 refused*');
    expect(preview).toContain('*Customer 0*: 2 senders ready, 3 fields to change');
    expect(preview).toContain('*Customer 1*: 1 sender ready, 1 field to change');
    expect(preview).toContain('Line 5');
    expect(preview).toContain('not a sender the bot knows');
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);

    const ack = await h.submitView(viewId, {});
    expect(ack.body.response_action).toBe('update');
    await h.settle();
    await runUpdates(h);

    expect(updatesOf(h, a1).map((r) => r.body)).toEqual([{ webhook: { callback_url: NEW } }]);
    expect(updatesOf(h, a2).map((r) => r.body)).toEqual([{ profile: { about: null }, webhook: { callback_url: NEW } }]);
    expect(updatesOf(h, b1).map((r) => r.body)).toEqual([{ webhook: { callback_url: NEW } }]);
    // One request per account per interval, the two accounts in parallel.
    expect(updatesOf(h, a2)[0]!.at - updatesOf(h, a1)[0]!.at).toBeGreaterThanOrEqual(3 * MINUTE);
    expect(updatesOf(h, b1)[0]!.at).toBe(updatesOf(h, a1)[0]!.at);

    const run = (await h.bot.store.bulkRuns.list()).at(-1)!;
    expect(run.state).toBe('done');
    const progress = h.slack.messages.find((m) => m.ts === run.progressTs)!;
    expect(blocksText(progress.blocks)).toContain('Updated: *3*');
    expect(blockKitViolations(progress, 'message')).toEqual([]);
    const upload = [...h.slack.uploads.values()].find((u) => u.threadTs === run.progressTs)!;
    expect(upload.content).toContain('row,sender_sid,number,customer,result,fields_changed,error');
    expect(upload.content.match(/UPDATED/g)).toHaveLength(3);
    expect(upload.content).toContain(`3,${a2},'+14155550102,Customer 0,UPDATED,about callback_url,`);
    expect(upload.content).toMatch(/5,,XE0+,,REFUSED,,/);
    expect((await h.bot.store.senders.get('a2'))!.webhook.callback_url).toBe(NEW);
    expect((await h.bot.store.senders.get('a2'))!.profile.about).toBeUndefined();
  });

  it('a restart mid-run goes on where it stopped: no row is sent twice', async () => {
    const first = await start();
    const { a1, a2, b1 } = await seedWorld(first);
    const { viewId } = await uploadUpdate(first, ['sid,callback_url', `${a1},${NEW}`, `${a2},${NEW}`, `${b1},${NEW}`].join('\n'));
    await first.submitView(viewId, {});
    await first.settle();
    await first.bot.runner.tick();
    expect(first.sim.requestsOf('UpdateChannelsSender')).toHaveLength(2);
    await first.stop({ keepServices: true });

    const h = await start(sameWorld(first));
    await runUpdates(h);
    for (const sid of [a1, a2, b1]) expect(updatesOf(h, sid)).toHaveLength(1);
    expect((await h.bot.store.bulkRuns.list()).at(-1)!.state).toBe('done');
  });

  it('an answer lost after Twilio took the change: the same values are sent again, never values worked out anew', async () => {
    const h = await start();
    const { a1 } = await seedWorld(h);
    h.sim.dropAfterProcessing(1, 'UpdateChannelsSender');
    const { viewId } = await uploadUpdate(h, ['sid,callback_url', `${a1},${NEW}`].join('\n'));
    await h.submitView(viewId, {});
    await h.settle();
    await h.bot.runner.tick();
    expect(updatesOf(h, a1)).toHaveLength(1);
    const row = (await h.bot.store.bulkRuns.list()).at(-1)!.updates![0]!;
    expect(row.state).toBe('sending');
    // Someone changes the sender meanwhile: sending what differs now would be another request.
    const sender = h.sim.state.senders.get(a1)!;
    sender.body.webhook = { ...sender.body.webhook, callback_url: 'https://elsewhere.example/hook' };
    await runUpdates(h);
    expect(updatesOf(h, a1).map((r) => r.body)).toEqual([{ webhook: { callback_url: NEW } }, { webhook: { callback_url: NEW } }]);
    expect(updatesOf(h, a1)[1]!.at - updatesOf(h, a1)[0]!.at).toBeGreaterThanOrEqual(3 * MINUTE);
    expect((await h.bot.store.bulkRuns.list()).at(-1)!.updates![0]!.state).toBe('updated');
  });

  it('in a channel bound to one customer, another customer’s sender is refused like an unknown one', async () => {
    const h = await start();
    const { a1, b1 } = await seedWorld(h);
    await h.command('channel bind Customer 1');
    await h.settle();
    const { view } = await uploadUpdate(h, ['sid,callback_url', `${a1},${NEW}`, `${b1},${NEW}`].join('\n'));
    const preview = blocksText(view.blocks);
    expect(preview).toContain('*2* rows checked: *1 ready*, *1 refused*');
    expect(preview).toContain(`${a1} is not a sender of Customer 1, the customer this channel is bound to`);
    expect(preview).not.toContain('Customer 0');
  });

  it('pause, resume and cancel', async () => {
    const h = await start();
    const { a1, a2 } = await seedWorld(h);
    const c0 = (await h.bot.store.customers.list())[0]!;
    const a3 = await seedSender(h, c0, '+14155550103', 'a3');
    const { viewId } = await uploadUpdate(h, ['sid,callback_url', `${a1},${NEW}`, `${a2},${NEW}`, `${a3},${NEW}`].join('\n'));
    await h.submitView(viewId, {});
    await h.settle();
    await h.bot.runner.tick();
    await h.command('bulk update pause');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('Paused');
    h.clock.advance(60 * MINUTE);
    await h.bot.runner.tick();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
    await h.command('bulk update resume');
    await h.settle();
    await h.bot.runner.tick();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(2);
    await h.command('bulk update cancel');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('1 rows not yet sent were dropped');
    await runUpdates(h);
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(2);
    const csv = [...h.slack.uploads.values()].at(-1)!.content;
    expect(csv).toContain(`${a3},'+14155550103,Customer 0,CANCELLED`);
  });
});
