import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { setUpMetaAccess } from '../senders/customers/meta-access.js';

/** `customer meta <customer>`: gives the bot's Meta system user the customer's WABA, and Meta's webhooks for it. */
export async function giveMetaAccess(deps: AppDeps, customerKey: string, user: string, respond: RespondFn): Promise<void> {
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  const customer = await deps.senders.store.customers.find(customerKey);
  if (!customer) return void (await reply(`No customer "${customerKey.slice(0, 64)}". See \`${deps.slashCommand} customers\` for their names.`));
  const result = await setUpMetaAccess(deps.senders, customer, user);
  if (!result.ok) return void (await reply(result.problem.message));
  await reply(
    `:white_check_mark: The bot now reads Meta’s view of ${customer.name}’s WhatsApp account (WABA ${customer.wabaId}): health, name verdicts and limits, and Meta tells it of changes. Its first look happens within minutes.`,
  );
}
