import { csvLine } from '../../csv-cell.js';
import type { SenderRecord } from '../../store/schema.js';
import type { SendersContext } from '../context.js';
import { type ChannelScope, visibleIn } from '../customers/channel-scope.js';
import { customerNameFor } from '../customers/customers.js';
import { META_COLUMNS, metaCells } from './meta-columns.js';

export const EXPORT_COLUMNS = [
  'customer',
  'phone_number',
  'sender_sid',
  'status',
  'quality_rating',
  'messaging_limit',
  'display_name',
  'state',
  'created_at',
  'updated_at',
  'online_since',
  ...META_COLUMNS,
] as const;

/** Rows turned into text between two turns of the event loop, so a large store never holds it for long. */
const ROWS_PER_TURN = 2_000;

export type ExportSelection =
  | { ok: true; records: SenderRecord[]; customerName?: string }
  | { ok: false; reason: 'unknown_customer' | 'out_of_scope'; key: string; boundTo?: string };

/**
 * The senders to export: every one the channel may see, or one customer's (by name, `AC…` SID,
 * or `main`). A channel bound to a customer exports that customer's only.
 */
export async function selectForExport(ctx: SendersContext, scope: ChannelScope, customerKey?: string): Promise<ExportSelection> {
  const key = customerKey?.trim();
  let accountSid: string | undefined;
  let customerName: string | undefined;
  if (key) {
    const isMain = key.toLowerCase() === 'main' || key === ctx.twilio.mainAccountSid;
    const customer = isMain ? undefined : await ctx.store.customers.find(key);
    if (!isMain && !customer) return { ok: false, reason: 'unknown_customer', key };
    const chosen = customer?.accountSid ?? ctx.twilio.mainAccountSid;
    accountSid = chosen;
    customerName = await customerNameFor(ctx, chosen);
    if (!scope.allows(accountSid)) return { ok: false, reason: 'out_of_scope', key, boundTo: scope.customer?.name };
  } else if (scope.customer) {
    accountSid = scope.customer.accountSid;
    customerName = scope.customer.name;
  }
  const records = accountSid ? await ctx.store.senders.list({ accountSids: [accountSid] }) : visibleIn(scope, await ctx.store.senders.list());
  return { ok: true, records, customerName };
}

/** When the sender's current stretch of ONLINE began; empty when it is not ONLINE. */
export function onlineSince(record: SenderRecord): string {
  if (record.status !== 'ONLINE') return '';
  let since: string | undefined;
  for (let i = record.statusHistory.length - 1; i >= 0 && record.statusHistory[i]!.status === 'ONLINE'; i -= 1) since = record.statusHistory[i]!.at;
  return since ?? '';
}

function row(record: SenderRecord, customer: string): string {
  return csvLine([
    customer,
    record.phoneNumber,
    record.sid ?? '',
    record.status ?? '',
    record.qualityRating ?? '',
    record.messagingLimit ?? '',
    record.profile.name,
    record.state,
    record.createdAt,
    record.updatedAt,
    onlineSince(record),
    ...metaCells(record),
  ]);
}

/**
 * The CSV of the given senders, by customer, then in the order they were registered, one line each. Cells are made
 * inert for spreadsheets (csv-cell.ts) and every known secret or code is scrubbed. Built a few
 * thousand rows at a time, yielding to the event loop between them.
 */
export async function exportCsv(ctx: SendersContext, records: SenderRecord[]): Promise<string> {
  // Records are stored in the order they were made: grouping them by customer keeps that order within each.
  const byCustomer = new Map<string, { customer: string; records: SenderRecord[] }>();
  for (const record of records) {
    const group = byCustomer.get(record.accountSid);
    if (group) group.records.push(record);
    else byCustomer.set(record.accountSid, { customer: await customerNameFor(ctx, record.accountSid), records: [record] });
  }
  const groups = [...byCustomer.values()].sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  const chunks = [csvLine([...EXPORT_COLUMNS])];
  for (const { customer, records: rows } of groups) {
    for (let start = 0; start < rows.length; start += ROWS_PER_TURN) {
      await new Promise((resolve) => setImmediate(resolve));
      const lines = rows.slice(start, start + ROWS_PER_TURN).map((record) => row(record, customer));
      chunks.push(ctx.secrets.scrub(lines.join('\n')));
    }
  }
  return `${chunks.join('\n')}\n`;
}
