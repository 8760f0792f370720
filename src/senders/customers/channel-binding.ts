import { iso } from '../../clock.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';

const boundCustomer = async (ctx: SendersContext, channel: string) => {
  const customerId = await ctx.store.channelBindings.get(channel);
  return customerId ? ctx.store.customers.get(customerId) : undefined;
};

export async function bindChannel(ctx: SendersContext, channel: string, customerKey: string, user: string): Promise<string> {
  const customer = await ctx.store.customers.find(customerKey);
  if (!customer)
    return `No customer "${customerKey.slice(0, 60)}". \`${ctx.settings.command} customers\` lists them; add one with \`${ctx.settings.command} customer add\`.`;
  const current = await boundCustomer(ctx, channel);
  if (current && current.id !== customer.id) return `This channel is bound to *${current.name}*. Run \`${ctx.settings.command} channel unbind\` first.`;
  await commit(ctx, async () => ({
    audit: [{ at: iso(ctx.clock.now()), user, action: 'channel_bind', target: channel, detail: customer.name }],
    also: (tx) => tx.channelBindings.set(channel, customer.id),
  }));
  return `This channel is now bound to *${customer.name}*: here, commands and buttons see and act on ${customer.name}'s senders only.`;
}

export async function unbindChannel(ctx: SendersContext, channel: string, user: string): Promise<string> {
  if (!(await ctx.store.channelBindings.get(channel))) return 'This channel is not bound to a customer.';
  await commit(ctx, async () => ({
    audit: [{ at: iso(ctx.clock.now()), user, action: 'channel_unbind', target: channel }],
    also: async (tx) => void (await tx.channelBindings.remove(channel)),
  }));
  return 'This channel is no longer bound: it sees every customer again.';
}

export async function describeBinding(ctx: SendersContext, channel: string): Promise<string> {
  const customer = await boundCustomer(ctx, channel);
  return customer ? `This channel is bound to *${customer.name}* (\`${customer.accountSid}\`).` : 'This channel is not bound: it sees every customer.';
}
