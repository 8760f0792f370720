import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { setCustomerWaba } from '../senders/customers/customer-waba.js';

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
  await respond({ response_type: 'ephemeral', text });
}
