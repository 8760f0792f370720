import type { SenderRecord } from '../../store/schema.js';
import { findSenderById } from '../../store/senders.js';
import { registrationKey } from '../claims.js';
import type { SendersContext } from '../context.js';
import type { Problem } from '../outcome.js';

/** What a button or form on a registration gets back: the record as it now stands, or the problem to show. */
export type ActionResult = { ok: true; record: SenderRecord; note?: string } | { ok: false; problem: Problem; record?: SenderRecord };

const BUSY: ActionResult = { ok: false, problem: { message: 'This registration is already being worked on; wait a moment and look again.' } };

/** One action at a time per registration: a double click or a Slack retry gets a polite no. */
export const exclusive = (ctx: SendersContext, id: string, work: () => Promise<ActionResult>): Promise<ActionResult> =>
  ctx.claims.exclusive(registrationKey(id), () => BUSY, work);

export function loadRegistration(ctx: SendersContext, id: string): SenderRecord | Problem {
  const record = findSenderById(ctx.store, id);
  return record ?? { message: `This registration is no longer tracked by the bot. Use \`${ctx.settings.command} list\` to see the current ones.` };
}
