import { afterEach, describe, expect, it } from 'vitest';
import { type SenderUpdates, sendUpdateRow, twilioSenderUpdates } from '../../src/senders/bulk-update/send-row.js';
import { commit } from '../../src/senders/commit.js';
import { takeCreateTurn } from '../../src/senders/registration/pacing.js';
import { blocksText } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { senderRecord } from '../support/sender-record.js';
import { seedCustomers } from './support.js';

const MINUTE = 60_000;
const OLD = 'https://old-platform.example/whatsapp';
const NEW = 'https://new-platform.example/whatsapp';
const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop();
});

describe('bulk update: two rounds on one row (another replica, or a round that overlapped)', () => {
  it('a round working from an older read cannot settle a row another round is sending: the send that went out is the one recorded', async () => {
    const h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE });
    running.push(h);
    const [c0] = await seedCustomers(h, 1);
    const sender = h.sim.state.create(c0!.accountSid, {
      sender_id: 'whatsapp:+14155550101',
      profile: { name: 'Acme Store' },
      webhook: { callback_url: OLD, callback_method: 'POST' },
      configuration: { waba_id: c0!.wabaId },
    });
    h.sim.state.moveTo('+14155550101', 'ONLINE');
    await h.bot.store.atomically(async (tx) =>
      tx.senders.insert(
        senderRecord({
          id: 'a1',
          sid: sender.sid,
          accountSid: c0!.accountSid,
          customerId: c0!.id,
          phoneNumber: '+14155550101',
          state: 'online',
          status: 'ONLINE',
          profile: { name: 'Acme Store' },
          webhook: { callback_url: OLD, callback_method: 'POST' },
        }),
      ),
    );
    await h.command('bulk update');
    await h.settle();
    const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
    await h.submitView(viewId, { file: [h.slack.hostFile('c.csv', `sid,callback_url\n${sender.sid},${NEW}`)] });
    await h.waitFor(() => h.slack.viewFor(viewId)?.callback_id === 'bulk_update_confirm' || blocksText(h.slack.viewFor(viewId)?.blocks).includes(':x:'));
    const ctx = h.bot.senders;
    await commit(ctx, async () => ({ also: (tx) => takeCreateTurn(ctx, c0!.accountSid, ctx.clock.now(), tx) }));
    await h.submitView(viewId, {});
    await h.settle();
    h.clock.advance(4 * MINUTE);
    const stale = (await ctx.store.bulkRuns.list()).at(-1)!;
    expect(stale.state).toBe('running');
    const line = stale.updates![0]!.line;
    const real = twilioSenderUpdates(ctx);
    let other: string | undefined;
    const a: SenderUpdates = {
      ...real,
      send: async (acc, sid, body) => {
        const wire = await real.send(acc, sid, body);
        // Replica B's round, from the snapshot it read before A stored the row as sending.
        other = await sendUpdateRow(ctx, structuredClone(stale), line, real);
        return wire;
      },
    };
    const mine = await sendUpdateRow(ctx, structuredClone(stale), line, a);
    const after = (await ctx.store.bulkRuns.list()).at(-1)!;
    expect(other).toBe('not_taken');
    expect(mine).toBe('updated');
    expect(after.updates![0]!.state).toBe('updated');
    expect((await ctx.store.senders.get('a1'))!.webhook.callback_url).toBe(NEW);
    expect((await ctx.store.audit.recent(50)).filter((e) => e.action === 'bulk_update_row')).toHaveLength(1);
  });
});
