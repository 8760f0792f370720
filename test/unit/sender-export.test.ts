import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { SecretRegistry } from '../../src/secrets.js';
import type { SendersContext } from '../../src/senders/context.js';
import { UNBOUND } from '../../src/senders/customers/channel-scope.js';
import { exportCsv, onlineSince, selectForExport } from '../../src/senders/export/sender-export.js';
import type { SenderRecord } from '../../src/store/schema.js';
import { senderRecord } from '../support/sender-record.js';

const MAIN = `AC${'1'.repeat(32)}`;
const ACME = `AC${'2'.repeat(32)}`;

function sender(n: number, accountSid = MAIN): SenderRecord {
  return senderRecord({
    id: `r${n}`,
    accountSid,
    phoneNumber: `+1415${String(n).padStart(7, '0')}`,
    state: 'online',
    status: 'ONLINE',
    statusHistory: [
      { status: 'CREATING', at: '2026-01-01T00:00:00.000Z' },
      { status: 'ONLINE', at: '2026-01-01T01:00:00.000Z' },
      { status: 'ONLINE', at: '2026-01-02T01:00:00.000Z' },
    ],
    profile: { name: `Shop ${n}` },
    updatedAt: '2026-01-02T00:00:00.000Z',
  });
}

function context(senders: SenderRecord[], secrets = new SecretRegistry()): SendersContext {
  const customers = [{ id: 'c1', name: 'Acme Corp', accountSid: ACME, createdBySlackUser: 'U0ALICE', createdAt: '', createdSubaccount: false }];
  const find = async (key: string) => customers.find((c) => c.id === key || c.name.toLowerCase() === key.toLowerCase() || c.accountSid === key);
  const store = {
    customers: { find, byAccount: async (sid: string) => customers.find((c) => c.accountSid === sid), list: async () => customers },
    senders: {
      list: async (filter: { accountSids?: string[] } = {}) => senders.filter((s) => !filter.accountSids || filter.accountSids.includes(s.accountSid)),
    },
  };
  return { store, twilio: { mainAccountSid: MAIN }, secrets } as unknown as SendersContext;
}

describe('sender export', () => {
  it('is the export subcommand, with an optional customer', () => {
    expect(parseCommand('export', '/senders')).toEqual({ name: 'export', customer: undefined });
    expect(parseCommand('export "Acme Corp"', '/senders')).toEqual({ name: 'export', customer: 'Acme Corp' });
  });

  it('dates ONLINE from the start of the current stretch of ONLINE, and leaves it empty otherwise', () => {
    expect(onlineSince(sender(1))).toBe('2026-01-01T01:00:00.000Z');
    expect(onlineSince({ ...sender(1), status: 'OFFLINE' })).toBe('');
  });

  it('groups rows by customer in registration order, and scrubs a known secret from every cell', async () => {
    const secrets = new SecretRegistry(['leaked-token-123']);
    const records = [sender(3), sender(1, ACME), { ...sender(2), profile: { name: 'leaked-token-123' } }];
    const ctx = context(records, secrets);
    const selection = await selectForExport(ctx, UNBOUND);
    expect(selection.ok).toBe(true);
    const csv = await exportCsv(ctx, selection.ok ? selection.records : []);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'customer,phone_number,sender_sid,status,quality_rating,messaging_limit,display_name,state,created_at,updated_at,online_since,' +
        'meta_status,meta_name_status,meta_name_reason,meta_quality,meta_limit,meta_can_send,meta_errors',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Acme Corp', 'Main account', 'Main account']);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(["'+14150000001", "'+14150000003", "'+14150000002"]);
    expect(csv).not.toContain('leaked-token-123');
  });

  it("adds Meta's view of each number, with Meta's reason and errors, made inert for spreadsheets", async () => {
    const blocked = senderRecord({
      ...sender(1),
      meta: {
        id: '109876543210987',
        checkedAt: '2026-01-02T00:00:00.000Z',
        status: 'CONNECTED',
        nameStatus: 'DECLINED',
        nameDecision: { decision: 'DECLINED', reason: '=HYPERLINK("http://evil.example")', at: '2026-01-02T00:00:00.000Z' },
        quality: 'GREEN',
        limit: 'TIER_2K',
        health: { canSend: 'BLOCKED', errors: [{ entity: 'WABA', code: 141006, description: 'No valid payment method' }] },
      },
    });
    const csv = await exportCsv(context([blocked, sender(2)]), [blocked, sender(2)]);
    const [, first, second] = csv.trim().split('\n');
    expect(first!.endsWith(`CONNECTED,DECLINED,"'=HYPERLINK(""http://evil.example"")",GREEN,TIER_2K,BLOCKED,WABA 141006 No valid payment method`)).toBe(true);
    expect(second!.endsWith('2026-01-01T01:00:00.000Z,,,,,,,')).toBe(true);
  });

  it('builds a large export a few thousand rows at a time, letting other work run in between', async () => {
    const records = Array.from({ length: 30_000 }, (_, n) => sender(n));
    let turns = 0;
    const ticker = setInterval(() => {
      turns += 1;
    }, 0);
    const csv = await exportCsv(context(records), records);
    clearInterval(ticker);
    expect(csv.trim().split('\n')).toHaveLength(30_001);
    expect(turns).toBeGreaterThan(0);
  });
});
