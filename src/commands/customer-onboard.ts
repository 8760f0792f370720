import type { AppDeps } from '../app-deps.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { addCustomerAccount } from '../senders/customers/customers.js';
import { giveOnboardingLink } from '../senders/customers/onboarding.js';
import { missingOnboardingSettings } from '../senders/customers/onboarding-settings.js';
import type { Customer } from '../store/schema.js';
import { describeProblem } from '../views/error-guide.js';
import { onboardingNotConfigured } from '../views/onboarding-messages.js';

/**
 * `customer onboard <customer>` and `customer onboard new <name>`, and the button offering it:
 * posts the customer's Embedded Signup link in the channel. Returns what to tell the person
 * only when no link was posted.
 */
export async function offerOnboardingLink(
  deps: AppDeps,
  target: { customer: string; create: boolean },
  channel: string,
  user: string,
): Promise<string | undefined> {
  const missing = missingOnboardingSettings(deps.onboarding.settings);
  if (missing.length > 0) return onboardingNotConfigured(missing);
  const scope = await scopeOf(deps.senders.store, channel);
  let customer: Customer | undefined = await deps.senders.store.customers.find(target.customer);
  if (target.create) {
    if (scope.customer) return 'Customers are added from a channel that is not bound to a customer.';
    if (customer) return `A customer named "${customer.name}" already exists: onboard it with \`${deps.slashCommand} customer onboard "${customer.name}"\`.`;
    const added = await addCustomerAccount(deps.senders, target.customer, undefined, user);
    if (!added.ok) return describeProblem(added.problem, deps.slashCommand);
    customer = added.customer;
  }
  if (!customer) {
    return `No customer "${target.customer.slice(0, 64)}". See \`${deps.slashCommand} customers\`; for a new customer (a new Twilio subaccount is made for it): \`${deps.slashCommand} customer onboard new "${target.customer.slice(0, 64)}"\`.`;
  }
  if (!scope.allows(customer.accountSid)) return `This channel is bound to ${scope.customer?.name}; onboard that customer only.`;
  const given = await giveOnboardingLink(deps.senders, deps.onboarding, customer, channel, user);
  if (!given.ok) return describeProblem(given.problem, deps.slashCommand);
  deps.outbox.kick();
  return undefined;
}
