import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';
import { Claims, registrationKey } from '../../src/senders/claims.js';
import type { SendersContext } from '../../src/senders/context.js';
import { reconcileUncertainCreates } from '../../src/senders/registration/uncertain-creates.js';
import { emptyData, type SenderRecord } from '../../src/store/schema.js';
import type { TwilioGateway } from '../../src/twilio/gateway.js';
import type { SenderWire } from '../../src/twilio/wire.js';
import { memoryStore } from '../support/memory-store.js';
import { senderRecord } from '../support/sender-record.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const SETTLE = 120_000;
const at = (msBefore: number) => new Date(NOW - msBefore).toISOString();

function world(record: SenderRecord, listed: SenderWire[] = []) {
  const data = emptyData();
  data.senders.push({ ...record, version: 1 });
  const store = memoryStore(data);
  const twilio = { listSenders: async () => listed } as unknown as TwilioGateway;
  const ctx = {
    store,
    twilio,
    clock: { now: () => NOW },
    logger: silentLogger,
    settings: { createSettleMs: SETTLE },
    inProcess: new Claims(),
    secrets: new SecretRegistry(),
  } as unknown as SendersContext;
  return ctx;
}

const creating = (pendingCreate: SenderRecord['pendingCreate']): SenderRecord =>
  senderRecord({ accountSid: `AC${'0'.repeat(32)}`, state: 'creating', pendingCreate, requestedBy: 'U1', createdAt: at(600_000) });

describe('settling a create whose outcome is unknown', () => {
  it('waits the settle time from when the answer was lost, not from when the work before the request began', async () => {
    // Marked three minutes ago; slow look-ups, then the create's answer was lost 30 s ago.
    const record = creating({ since: at(180_000), uncertainSince: at(30_000), checkedAt: at(30_000) });
    const ctx = world(record);
    const report = await reconcileUncertainCreates(ctx);
    expect(report.requeued).toEqual([]);
    expect((await ctx.store.senders.get(record.id))!.state).toBe('creating');
    expect(report.nextAt).toBeLessThanOrEqual(NOW - 30_000 + SETTLE);
  });

  it('sends again once Twilio still lacks the sender a settle time after the answer was lost', async () => {
    const record = creating({ since: at(300_000), uncertainSince: at(SETTLE), checkedAt: at(20_000) });
    const ctx = world(record);
    const report = await reconcileUncertainCreates(ctx);
    expect(report.requeued.map((r) => r.id)).toEqual([record.id]);
    expect((await ctx.store.senders.get(record.id))!.state).toBe('queued');
  });

  it('adopts the sender Twilio has, whenever it is looked at', async () => {
    const record = creating({ since: at(5_000), uncertainSince: at(4_000), checkedAt: at(60_000) });
    const wire: SenderWire = { sid: `XE${'a'.repeat(32)}`, status: 'CREATING', sender_id: 'whatsapp:+14155550100' };
    const ctx = world(record, [wire]);
    const report = await reconcileUncertainCreates(ctx);
    expect(report.adopted.map((r) => r.id)).toEqual([record.id]);
    expect(await ctx.store.senders.get(record.id)).toMatchObject({ state: 'awaiting_code', sid: wire.sid });
  });

  it('leaves alone a create this process is sending right now', async () => {
    const record = creating({ since: at(SETTLE * 2) });
    const ctx = world(record);
    ctx.inProcess.take(registrationKey(record.id));
    const report = await reconcileUncertainCreates(ctx);
    expect(report.requeued).toEqual([]);
    expect((await ctx.store.senders.get(record.id))!.state).toBe('creating');
  });
});
