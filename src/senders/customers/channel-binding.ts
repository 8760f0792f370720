import { iso } from '../../clock.js';
import { audit } from '../../store/audit.js';
import { findCustomer } from '../../store/customers.js';
import type { SendersContext } from '../context.js';

export async function bindChannel(ctx: SendersContext, channel: string, customerKey: string, user: string): Promise<string> {
  const customer = findCustomer(ctx.store, customerKey);
  if (!customer) return `No customer "${customerKey.slice(0, 60)}". \`customers\` lists them; add one with \`customer add\`.`;
  const current = ctx.store.data.customers.find((c) => c.id === ctx.store.data.channelBindings[channel]);
  if (current && current.id !== customer.id) return `This channel is bound to *${current.name}*. Run \`channel unbind\` first.`;
  ctx.store.data.channelBindings[channel] = customer.id;
  audit(ctx.store, { at: iso(ctx.clock.now()), user, action: 'channel_bind', target: channel, detail: customer.name });
  await ctx.store.write();
  return `This channel is now bound to *${customer.name}*: here, commands and buttons see and act on ${customer.name}'s senders only.`;
}

export async function unbindChannel(ctx: SendersContext, channel: string, user: string): Promise<string> {
  if (!ctx.store.data.channelBindings[channel]) return 'This channel is not bound to a customer.';
  delete ctx.store.data.channelBindings[channel];
  audit(ctx.store, { at: iso(ctx.clock.now()), user, action: 'channel_unbind', target: channel });
  await ctx.store.write();
  return 'This channel is no longer bound: it sees every customer again.';
}

export function describeBinding(ctx: SendersContext, channel: string): string {
  const customer = ctx.store.data.customers.find((c) => c.id === ctx.store.data.channelBindings[channel]);
  return customer ? `This channel is bound to *${customer.name}* (\`${customer.accountSid}\`).` : 'This channel is not bound: it sees every customer.';
}
