import { StaleRecordError } from '../../store/repositories.js';
import type { SenderRecord } from '../../store/schema.js';
import { registrationKey } from '../claims.js';
import type { SendersContext } from '../context.js';
import { onceAtATime } from '../once-at-a-time.js';
import { notSaved, type Problem } from '../outcome.js';

/** What a button or form on a registration gets back: the record as it now stands, or the problem to show. */
export type ActionResult = { ok: true; record: SenderRecord; note?: string } | { ok: false; problem: Problem; record?: SenderRecord };

const BUSY: ActionResult = { ok: false, problem: { message: 'This registration is already being worked on; wait a moment and look again.' } };

/**
 * One action at a time per registration, across replicas (the store's claim): a double click, a
 * Slack retry or a second person gets a polite no. The process's own claim keeps its create
 * queue off the record meanwhile, and turns the action away while that queue sends its create.
 */
export const exclusive = (ctx: SendersContext, id: string, work: () => Promise<ActionResult>): Promise<ActionResult> =>
  ctx.inProcess.exclusive(
    registrationKey(id),
    () => BUSY,
    () =>
      onceAtATime(ctx, registrationKey(id), { busy: () => BUSY, cannotSave: (error) => ({ ok: false, problem: notSaved(error, 'action') }) }, () =>
        work().catch(changedMeanwhile),
      ),
  );

/** The poller (or another replica) changed the registration while the person acted: nothing of the action was kept. */
function changedMeanwhile(error: unknown): ActionResult {
  if (!(error instanceof StaleRecordError)) throw error;
  return { ok: false, problem: { message: 'This registration changed while you acted (the bot was updating it). Look at it again and retry.' } };
}

export async function loadRegistration(ctx: SendersContext, id: string): Promise<SenderRecord | Problem> {
  const record = await ctx.store.senders.get(id);
  return record ?? { message: `This registration is no longer tracked by the bot. Use \`${ctx.settings.command} list\` to see the current ones.` };
}
