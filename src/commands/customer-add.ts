import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { addCustomerAccount, type WabaOrigin } from '../senders/customers/customers.js';
import { onboardCommand } from '../senders/customers/waba.js';
import type { Customer } from '../store/schema.js';
import { describeProblem } from '../views/error-guide.js';

export async function addCustomer(
  deps: AppDeps,
  name: string,
  accountSid: string | undefined,
  user: string,
  respond: RespondFn,
  wabaId?: string,
): Promise<void> {
  const result = await addCustomerAccount(deps.senders, name, accountSid, user, { wabaId });
  if (!result.ok) {
    // The bot's own refusals already say what to do; Twilio's get the error guide.
    const { problem } = result;
    await respond({
      response_type: 'ephemeral',
      text:
        problem.twilioCode === undefined && problem.httpStatus === undefined && !problem.reason ? problem.message : describeProblem(problem, deps.slashCommand),
    });
    return;
  }
  const how = result.customer.createdSubaccount ? 'created a new Twilio subaccount' : 'linked the existing subaccount';
  await respond({
    response_type: 'ephemeral',
    text: `Customer *${result.customer.name}* added: ${how} \`${result.customer.accountSid}\`. It is now in the customer list of \`${deps.slashCommand} register\`.\n${wabaLine(result.customer, result.waba ?? { kind: 'none' }, deps.slashCommand)}`,
  });
}

function wabaLine(customer: Customer, origin: WabaOrigin, command: string): string {
  const onboard = `run \`${onboardCommand(command, customer.name)}\` to give the customer Meta's Embedded Signup link, which makes its WABA and registers its first sender`;
  switch (origin.kind) {
    case 'given':
      return `Its senders join WhatsApp Business Account (WABA) *${customer.wabaId}*.`;
    case 'learned':
      return `Its senders join WABA *${customer.wabaId}*, the one its existing senders in Twilio use.`;
    case 'lookup_failed':
      return `The bot could not read the subaccount's senders to learn its WABA (${origin.problem.message}). If it has one, record it with \`${command} customer waba ${customer.accountSid} <WABA ID>\`; otherwise ${onboard}.`;
    case 'none':
      return `No WABA yet: ${onboard}. If the customer already has one, record it with \`${command} customer waba ${customer.accountSid} <WABA ID>\`.`;
  }
}
