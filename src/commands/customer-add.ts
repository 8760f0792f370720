import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { addCustomerAccount } from '../senders/customers/customers.js';
import { describeProblem } from '../views/error-guide.js';

export async function addCustomer(deps: AppDeps, name: string, accountSid: string | undefined, user: string, respond: RespondFn): Promise<void> {
  const result = await addCustomerAccount(deps.senders, name, accountSid, user);
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: describeProblem(result.problem) });
    return;
  }
  const how = result.customer.createdSubaccount ? 'created a new Twilio subaccount' : 'linked the existing subaccount';
  await respond({
    response_type: 'ephemeral',
    text: `Customer *${result.customer.name}* added: ${how} \`${result.customer.accountSid}\`. It is now in the customer list of \`${deps.slashCommand} register\`.`,
  });
}
