import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { setCustomerWaba } from '../senders/customers/customer-waba.js';
import { setUpMetaAccess } from '../senders/customers/meta-access.js';
import type { Customer } from '../store/schema.js';

/** `customer waba <customer> <id>`. */
export async function setWaba(deps: AppDeps, customerKey: string, wabaId: string, user: string, respond: RespondFn): Promise<void> {
  const result = await setCustomerWaba(deps.senders, customerKey, wabaId, user);
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: result.problem.message });
    return;
  }
  const { customer, previous } = result;
  const text =
    previous === customer.wabaId
      ? `Customer *${customer.name}* already has WABA *${customer.wabaId}*; nothing changed.`
      : `Customer *${customer.name}* now has WABA *${customer.wabaId}*${previous ? ` (was ${previous})` : ''}: its new senders join it.`;
  await respond({ response_type: 'ephemeral', text: `${text}${await metaAccessLine(deps, customer, previous, user)}` });
}

/** With a Meta system user, a new WABA is given to it at once, as at onboarding. */
async function metaAccessLine(deps: AppDeps, customer: Customer, previous: string | undefined, user: string): Promise<string> {
  if (!deps.senders.meta || previous === customer.wabaId) return '';
  const access = await setUpMetaAccess(deps.senders, customer, user);
  return access.ok ? "\nThe bot now reads Meta's own view of it too." : `\nThe bot cannot read Meta's own view of it yet: ${access.problem.message}`;
}
