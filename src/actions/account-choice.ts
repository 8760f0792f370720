import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import type { KnownAccount } from '../senders/numbers/number-lookup.js';
import { MAIN_ACCOUNT } from '../senders/registration/form.js';
import type { CustomerRepository } from '../store/repositories.js';
import { customerOption, mainAccountOption } from '../views/customer-options.js';

/** The account a customer select's value names, if this channel may act in it. */
export async function accountChoice(deps: AppDeps, scope: ChannelScope, value: string | undefined): Promise<KnownAccount | undefined> {
  const { store, twilio } = deps.senders;
  if (!value) return scope.customer ? { accountSid: scope.customer.accountSid, name: scope.customer.name, customerId: scope.customer.id } : undefined;
  if (value === MAIN_ACCOUNT) return scope.allows(twilio.mainAccountSid) ? { accountSid: twilio.mainAccountSid, name: 'Main account' } : undefined;
  const customer = await store.customers.get(value);
  return customer && scope.allows(customer.accountSid) ? { accountSid: customer.accountSid, name: customer.name, customerId: customer.id } : undefined;
}

/** Every account this channel may act in: the main account (when allowed) and the customers'. */
export async function accountsIn(deps: AppDeps, scope: ChannelScope): Promise<KnownAccount[]> {
  const { store, twilio } = deps.senders;
  const main: KnownAccount[] = scope.allows(twilio.mainAccountSid) ? [{ accountSid: twilio.mainAccountSid, name: 'Main account' }] : [];
  const customers = (await store.customers.list())
    .filter((c) => scope.allows(c.accountSid))
    .map((c) => ({ accountSid: c.accountSid, name: c.name, customerId: c.id }));
  return [...main, ...customers];
}

/** The select option showing an account as chosen. */
export async function optionFor(deps: AppDeps, account: KnownAccount) {
  const customer = account.customerId ? await deps.senders.store.customers.get(account.customerId) : undefined;
  return customer ? customerOption(customer) : mainAccountOption(deps.senders.twilio.mainAccountSid);
}

/** The customer select's value for an account. */
export const choiceValue = (account: KnownAccount) => account.customerId ?? MAIN_ACCOUNT;

/**
 * The registration form's account, when none was picked: once customers exist the form shows no
 * account chosen (a missed field would put a customer's number in the main account's WABA), so
 * the person must pick one. Without customers the main account is the only choice.
 */
export async function missingAccount(picked: string | undefined, customers: Pick<CustomerRepository, 'any'>): Promise<string | undefined> {
  if (picked || !(await customers.any())) return undefined;
  return 'Pick the customer this number is for (type part of its name), or “Main account” for the ISV’s own senders.';
}
