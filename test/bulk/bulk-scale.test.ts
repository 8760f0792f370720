import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, sameWorld, startHarness } from '../support/harness.js';
import { withStoreOf } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { confirm, createsByAccount, seedCustomers, uploadCsv } from './support.js';

const MINUTE = 60_000;
const INTERVAL = 3 * MINUTE;
const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop();
});

describe('bulk at scale', () => {
  it('1,000 rows over 50 customers: paced per account, every row sent exactly once, across a restart and a crash mid-run', async () => {
    const first = await startHarness({ sendersMinIntervalMs: INTERVAL });
    running.push(first);
    const customers = await seedCustomers(first, 50);
    const rows = customers.flatMap((c, i) => Array.from({ length: 20 }, (_, j) => `${c.name},+1415${String(2000000 + i * 100 + j)},Brand ${i}-${j} Store`));
    const { viewId, view } = await uploadCsv(first, ['customer,phone_number,display_name', ...rows].join('\n'));
    expect(JSON.stringify(view.blocks)).toContain('*1000 ready*');
    await confirm(first, viewId);
    await first.drainQueue({ stopAfterCreates: 400 });
    await first.stop({ keepServices: true });

    // A crash in the middle of a round: two rows were stored as being created; Twilio got the
    // first request only.
    const queued = await withStoreOf(first, async (store) => {
      const waiting = await store.senders.queued();
      const sent = waiting.filter((s) => s.accountSid === customers[49]!.accountSid).slice(0, 1);
      const lost = waiting.filter((s) => s.accountSid === customers[48]!.accountSid).slice(0, 1);
      for (const s of [...sent, ...lost]) await store.senders.save({ ...s, state: 'creating' });
      return sent;
    });
    first.sim.state.create(queued[0]!.accountSid, { sender_id: `whatsapp:${queued[0]!.phoneNumber}`, profile: { name: queued[0]!.profile.name } });

    const h = await startHarness({
      sendersMinIntervalMs: INTERVAL,
      ...sameWorld(first),
    });
    running.push(h);
    await h.drainQueue();

    const senderIds = h.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id);
    // 999 creates by the bot plus the one Twilio got before the crash.
    expect(senderIds).toHaveLength(999);
    expect(new Set(senderIds).size).toBe(999);
    expect(senderIds).not.toContain(`whatsapp:${queued[0]!.phoneNumber}`);
    expect(h.sim.state.senders.size).toBe(1000);

    for (const times of createsByAccount(h).values()) {
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL);
    }
    const records = (await stored(h)).senders;
    expect(records).toHaveLength(1000);
    expect(records.filter((r) => r.state === 'awaiting_code')).toHaveLength(1000);
    expect(new Set(records.map((r) => r.sid)).size).toBe(1000);

    const results = [...h.slack.uploads.values()].at(-1)!.content.split('\n');
    expect(results).toContain('row,number,sender_sid,final_status,error');
    const rowsOut = results.filter((l) => /^\d+,'\+/.test(l));
    expect(rowsOut).toHaveLength(1000);
    expect(new Set(rowsOut.map((l) => l.split(',')[0])).size).toBe(1000);
    expect(h.sim.contractViolations).toEqual([]);
    // A thousand rows through the whole stack: the budget is wide because this checks that every row
    // goes out once, not how fast (that is the benchmark's), on a machine busy with other work.
  }, 300_000);
});
