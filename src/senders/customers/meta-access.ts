import { iso } from '../../clock.js';
import type { AuditEntry, Customer } from '../../store/schema.js';
import { commit, latest } from '../commit.js';
import type { SendersContext } from '../context.js';
import type { Problem } from '../outcome.js';
import { type MetaAccessFailure, metaAccessFailure, noSystemUser } from './meta-access-words.js';

export type MetaAccessResult = { ok: true } | { ok: false; problem: Problem };

/**
 * Gives the ISV's system user the customer's WABA and subscribes the app to its webhooks, then
 * records on the customer when that worked (`meta.accessAt`) or why it did not
 * (`meta.accessProblem`, scrubbed). Both Meta calls are idempotent at Meta, so running this again
 * is harmless. A storage failure is thrown (the calls at Meta stay done; a later run records them).
 */
export async function setUpMetaAccess(ctx: SendersContext, customer: Customer, user = 'bot'): Promise<MetaAccessResult> {
  const command = ctx.settings.command;
  if (!ctx.meta) return { ok: false, problem: { message: noSystemUser() } };
  const wabaId = customer.wabaId;
  if (!wabaId) {
    return {
      ok: false,
      problem: {
        message: `*${customer.name}* has no WABA yet, so there is nothing to give the bot access to: record it with \`${command} customer waba "${customer.name}" <WABA ID>\`, or onboard the customer with \`${command} customer onboard "${customer.name}"\`.`,
      },
    };
  }
  let failure: MetaAccessFailure | undefined;
  try {
    await ctx.meta.assignSystemUser(wabaId);
    await ctx.meta.subscribeApp(wabaId);
  } catch (error) {
    failure = metaAccessFailure(error, ctx.secrets, { command, customerName: customer.name, wabaId });
    ctx.logger.warn("could not reach a customer's WABA with the system user", { customer: customer.name, wabaId, error: failure.stored });
  }
  const recorded = await commit(ctx, async (read, attempt) => {
    const current = await latest(read.customers, customer, attempt);
    // Gone, or given another WABA while Meta answered: what Meta said is about a WABA it no longer has.
    if (!current || current.wabaId !== wabaId) return { result: false };
    const now = iso(ctx.clock.now());
    const meta = { ...current.meta };
    if (failure) meta.accessProblem = failure.stored;
    else {
      meta.accessAt = now;
      delete meta.accessProblem;
    }
    current.meta = meta;
    const entry: AuditEntry = {
      at: now,
      user,
      action: 'meta_access',
      target: current.accountSid,
      detail: failure ? `${current.name}: WABA ${wabaId}: ${failure.stored}` : `${current.name}: WABA ${wabaId}`,
    };
    return { customers: [current], audit: [entry], result: true };
  });
  if (!recorded) {
    return {
      ok: false,
      problem: {
        message: `*${customer.name}* changed while Meta was asked (its WABA is no longer ${wabaId}): run \`${command} customer meta "${customer.name}"\` again.`,
      },
    };
  }
  return failure ? { ok: false, problem: failure.problem } : { ok: true };
}
