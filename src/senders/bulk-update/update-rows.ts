import type { BulkRowProblem, UpdateRow } from '../../store/schema.js';
import type { SendersContext } from '../context.js';
import type { ChannelScope } from '../customers/channel-scope.js';
import { customerNameFor } from '../customers/customers.js';
import { changedFields } from './update-body.js';
import type { UpdateRowInput } from './update-csv.js';

export interface UpdateCheck {
  ready: UpdateRow[];
  refused: BulkRowProblem[];
}

/**
 * Finds each row's sender among the bot's records, in the channel's scope: a sender the bot does
 * not know, has no SID for, belongs to another customer of a bound channel, or is named twice is
 * refused with its line; the others are ready, each with what changes.
 */
export async function checkUpdateRows(ctx: SendersContext, rows: UpdateRowInput[], scope: ChannelScope): Promise<UpdateCheck> {
  const result: UpdateCheck = { ready: [], refused: [] };
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  const command = ctx.settings.command;
  for (const row of rows) {
    const named = row.sid ?? row.number ?? '';
    const refuse = (problem: string) => result.refused.push({ line: row.line, problem, number: named });
    const record = await ctx.store.senders.findBySidOrPhone(named);
    if (!record || !scope.allows(record.accountSid)) {
      refuse(
        scope.customer
          ? `${named} is not a sender of ${scope.customer.name}, the customer this channel is bound to: check the ${row.sid ? 'sid' : 'number'}, or run this file where that customer's senders are.`
          : `${named} is not a sender the bot knows: check the ${row.sid ? 'sid' : 'number'} (\`${command} list\` shows them).`,
      );
      continue;
    }
    if (!record.sid || record.status === 'DELETED' || record.state === 'abandoned') {
      refuse(`${record.phoneNumber} has no sender in Twilio (${record.status ?? record.state}): there is nothing to update. Register it first.`);
      continue;
    }
    const earlier = seen.get(record.sid);
    if (earlier !== undefined) {
      refuse(`${record.phoneNumber} is already on line ${earlier}; keep one of the two rows.`);
      continue;
    }
    seen.set(record.sid, row.line);
    if (!names.has(record.accountSid)) names.set(record.accountSid, await customerNameFor(ctx, record.accountSid));
    result.ready.push({
      line: row.line,
      senderId: record.id,
      sid: record.sid,
      accountSid: record.accountSid,
      phoneNumber: record.phoneNumber,
      customer: names.get(record.accountSid)!,
      wanted: row.wanted,
      changedFields: changedFields(record, row.wanted),
      state: 'queued',
    });
  }
  return result;
}
