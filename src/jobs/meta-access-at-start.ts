import { forEachLimited } from '../concurrency.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { setUpMetaAccess } from '../senders/customers/meta-access.js';
import { problemFrom } from '../senders/outcome.js';
import { metaAccessFailedNote } from '../views/meta-access-note.js';

/** How many customers' WABAs are asked of Meta at once: Graph's rate limits are per business and per app. */
const AT_ONCE = 3;

export interface MetaAccessReport {
  done: string[];
  failed: { customer: string; problem: string }[];
}

/**
 * At start: gives the system user every customer's WABA it was never given (onboarded before the
 * bot had a system user, or when Meta could not be reached then). Logs the customers it could not
 * reach, by name; the caller posts them. Nothing to do without a system user.
 */
export async function setUpMetaAccessForAll(ctx: SendersContext): Promise<MetaAccessReport> {
  const report: MetaAccessReport = { done: [], failed: [] };
  if (!ctx.meta) return report;
  const waiting = (await ctx.store.customers.list()).filter((customer) => customer.wabaId && !customer.meta?.accessAt);
  await forEachLimited(waiting, AT_ONCE, async (customer) => {
    const result = await setUpMetaAccess(ctx, customer).catch((error: unknown) => ({ ok: false as const, problem: problemFrom(error) }));
    if (result.ok) report.done.push(customer.name);
    else report.failed.push({ customer: customer.name, problem: ctx.secrets.scrub(result.problem.message) });
  });
  if (report.failed.length > 0) {
    ctx.logger.warn("Meta's view: the system user could not be given these customers' WABAs", { customers: report.failed.map((f) => f.customer) });
  }
  if (report.done.length > 0) ctx.logger.info("Meta's view: the system user was given these customers' WABAs", { customers: report.done });
  return report;
}

/**
 * The start's pass, once per process, by the replica that holds the poll lease: customers the
 * bot could not reach are named in the alert channel (through the outbox, stored first).
 */
export function metaAccessPassOnce(ctx: SendersContext, alertChannel: string | undefined, outbox: { kick(): void }): () => Promise<void> {
  let done = false;
  return async () => {
    if (done || !ctx.meta) return;
    done = true;
    const report = await setUpMetaAccessForAll(ctx);
    if (report.failed.length === 0 || !alertChannel) return;
    const note = metaAccessFailedNote(report.failed, ctx.settings.command);
    await commit(ctx, async () => ({ messages: [{ kind: 'meta_alert', channel: alertChannel, senderId: undefined, text: note.text, blocks: note.blocks }] }));
    outbox.kick();
  };
}
