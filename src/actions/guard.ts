import type { AppDeps } from '../app-deps.js';
import { OUT_OF_SCOPE, scopeOf } from '../senders/customers/channel-scope.js';
import type { SenderRecord } from '../store/schema.js';

export type Guarded = { ok: true; record: SenderRecord } | { ok: false; message: string };

export const unknownSender = (command: string) => `This sender is no longer tracked by the bot. Use \`${command} list\` to see the current ones.`;

/**
 * Every button and form names a sender by id. Whatever id arrives, it is acted on only if the
 * person may, and only if it belongs to the customer the channel is bound to (if any).
 */
export async function guardSender(deps: AppDeps, user: string, channel: string | undefined, recordId: string, need: 'read' | 'change'): Promise<Guarded> {
  const refusal = await deps.access.refusal(user, need);
  if (refusal) return { ok: false, message: refusal };
  const record = await deps.senders.store.senders.get(recordId);
  if (!record) return { ok: false, message: unknownSender(deps.slashCommand) };
  if (!(await scopeOf(deps.senders.store, channel)).allows(record.accountSid)) return { ok: false, message: OUT_OF_SCOPE };
  return { ok: true, record };
}
