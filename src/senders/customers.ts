import { iso } from '../clock.js';
import { audit } from '../store/audit.js';
import { addCustomer, findCustomer } from '../store/customers.js';
import type { Customer } from '../store/schema.js';
import { TwilioApiError } from '../twilio/errors.js';
import type { SendersContext } from './context.js';
import { problemFrom, type Problem } from './outcome.js';

export type CustomerResult = { ok: true; customer: Customer } | { ok: false; problem: Problem };

/** Records a customer: links an existing subaccount, or creates one named after the customer. */
export async function addCustomerAccount(ctx: SendersContext, name: string, accountSid: string | undefined, user: string): Promise<CustomerResult> {
  if (findCustomer(ctx.store, name)) return { ok: false, problem: { message: `A customer named "${name}" already exists. Choose another name; see \`customers\`.` } };
  if (accountSid && findCustomer(ctx.store, accountSid)) {
    return { ok: false, problem: { message: `${accountSid} is already linked to customer "${findCustomer(ctx.store, accountSid)!.name}".` } };
  }
  if (accountSid === ctx.twilio.mainAccountSid) {
    return { ok: false, problem: { message: 'That is the main account; it is always available as "Main account". Give a subaccount SID, or none to create one.' } };
  }
  let sid: string;
  try {
    if (accountSid) {
      const account = await ctx.twilio.fetchAccount(accountSid);
      if (account.owner_account_sid && account.owner_account_sid !== ctx.twilio.mainAccountSid) {
        return { ok: false, problem: { message: `${accountSid} is not a subaccount of this bot's Twilio account.` } };
      }
      sid = account.sid;
    } else {
      sid = (await ctx.twilio.createSubaccount(name)).sid;
    }
  } catch (error) {
    if (accountSid && error instanceof TwilioApiError && (error.status === 404 || error.status === 401 || error.status === 403)) {
      return { ok: false, problem: { message: `Twilio does not know ${accountSid} as a subaccount of this bot's account. Check the SID in the Twilio Console (Admin > Subaccounts).` } };
    }
    return { ok: false, problem: problemFrom(error) };
  }
  const customer: Customer = {
    id: ctx.newId(),
    name,
    accountSid: sid,
    createdBySlackUser: user,
    createdAt: iso(ctx.clock.now()),
    createdSubaccount: !accountSid,
  };
  addCustomer(ctx.store, customer);
  audit(ctx.store, { at: customer.createdAt, user, action: accountSid ? 'customer_link' : 'customer_create', target: sid, detail: name });
  await ctx.store.write();
  return { ok: true, customer };
}

export function customerNameFor(ctx: SendersContext, accountSid: string): string {
  if (accountSid === ctx.twilio.mainAccountSid) return 'Main account';
  return ctx.store.data.customers.find((c) => c.accountSid === accountSid)?.name ?? accountSid;
}
