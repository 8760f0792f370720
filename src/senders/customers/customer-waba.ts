import { iso } from '../../clock.js';
import { audit } from '../../store/audit.js';
import { findCustomer } from '../../store/customers.js';
import type { Customer } from '../../store/schema.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import { checkWabaId, wabaClash } from './waba.js';

export type CustomerWabaResult = { ok: true; customer: Customer; previous?: string } | { ok: false; problem: Problem };

/** `customer waba <customer> <id>`: records the customer's WABA, refusing a second one for its Twilio account. */
export async function setCustomerWaba(ctx: SendersContext, customerKey: string, wabaText: string, user: string): Promise<CustomerWabaResult> {
  const customer = findCustomer(ctx.store, customerKey);
  if (!customer) {
    return { ok: false, problem: { message: `No customer "${customerKey.slice(0, 64)}". See \`${ctx.settings.command} customers\` for their names.` } };
  }
  const check = checkWabaId(wabaText);
  if (!check.ok) return { ok: false, problem: { message: check.message } };
  const clash = wabaClash(ctx.store.data, customer.accountSid, check.wabaId, customer);
  if (clash) return { ok: false, problem: { message: clash } };
  const previous = customer.wabaId;
  if (previous === check.wabaId) return { ok: true, customer, previous };
  customer.wabaId = check.wabaId;
  audit(ctx.store, {
    at: iso(ctx.clock.now()),
    user,
    action: 'customer_waba',
    target: customer.accountSid,
    detail: previous ? `${customer.name}: ${previous} -> ${check.wabaId}` : `${customer.name}: ${check.wabaId}`,
  });
  await ctx.store.write(() => {
    customer.wabaId = previous;
  });
  return { ok: true, customer, previous };
}

/**
 * The WABA an existing Twilio account already holds, read from its senders; undefined when it has
 * none, or when Twilio could not be asked (the customer is added all the same, without a WABA).
 */
export async function wabaOfAccountSenders(ctx: SendersContext, accountSid: string): Promise<{ wabaId?: string; lookupFailed?: Problem }> {
  try {
    const senders = await ctx.twilio.listSenders(accountSid);
    return { wabaId: senders.map((s) => s.configuration?.waba_id).find((id): id is string => Boolean(id)) };
  } catch (error) {
    ctx.logger.warn('could not read the senders of an account to learn its WABA', { accountSid, error: problemFrom(error).message });
    return { lookupFailed: problemFrom(error) };
  }
}
