import { iso } from '../../clock.js';
import type { Customer } from '../../store/schema.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import { checkWabaId, wabaClash, wabaKnowledge } from './waba.js';

export type CustomerWabaResult = { ok: true; customer: Customer; previous?: string } | { ok: false; problem: Problem };

/** `customer waba <customer> <id>`: records the customer's WABA, refusing a second one for its Twilio account. */
export async function setCustomerWaba(ctx: SendersContext, customerKey: string, wabaText: string, user: string): Promise<CustomerWabaResult> {
  const customer = await ctx.store.customers.find(customerKey);
  if (!customer) {
    return { ok: false, problem: { message: `No customer "${customerKey.slice(0, 64)}". See \`${ctx.settings.command} customers\` for their names.` } };
  }
  const check = checkWabaId(wabaText);
  if (!check.ok) return { ok: false, problem: { message: check.message } };
  const clash = wabaClash(await wabaKnowledge(ctx.store, customer.accountSid, check.wabaId), customer.accountSid, check.wabaId, customer);
  if (clash) return { ok: false, problem: { message: clash } };
  const previous = customer.wabaId;
  if (previous === check.wabaId) return { ok: true, customer, previous };
  customer.wabaId = check.wabaId;
  // Meta's view belonged to the WABA it replaces: the system user is given the new one, which is read afresh.
  const previousMeta = customer.meta;
  delete customer.meta;
  try {
    await commit(
      ctx,
      async () => ({
        customers: [customer],
        audit: [
          {
            at: iso(ctx.clock.now()),
            user,
            action: 'customer_waba',
            target: customer.accountSid,
            detail: previous ? `${customer.name}: ${previous} -> ${check.wabaId}` : `${customer.name}: ${check.wabaId}`,
          },
        ],
      }),
      { attempts: 1 },
    );
  } catch (error) {
    customer.wabaId = previous;
    customer.meta = previousMeta;
    throw error;
  }
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

/**
 * A sender created for a customer with no WABA on record tells which one it joined: recorded
 * unless the customer has one by now. Someone saving the customer meanwhile (another create of
 * the same customer) is met by reading it again. Never throws: this is a side effect of work that
 * already happened at Twilio. Not stored (a storage failure), it is learnt again from the
 * customer's next sender, and a registration without it is refused before anything is sent.
 */
export async function learnCustomerWaba(ctx: SendersContext, customerId: string, wabaId: string): Promise<void> {
  await commit(ctx, async (read) => {
    const customer = await read.customers.get(customerId);
    if (!customer || customer.wabaId) return {};
    customer.wabaId = wabaId;
    return { customers: [customer] };
  }).catch((error: unknown) => ctx.logger.warn('could not record the WABA of a customer', { customerId, error: problemFrom(error).message }));
}
