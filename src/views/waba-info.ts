import type { WabaPlan } from '../senders/customers/waba.js';
import { clip, escapeText } from './blocks.js';

/** What the registration form says about the WABA a sender joins; with a customer id when the customer must onboard first. */
export interface WabaInfo {
  text: string;
  onboardCustomerId?: string;
}

export function wabaInfoFor(plan: WabaPlan, who: string): WabaInfo {
  if (!plan.ok) {
    const text = `:warning: ${plan.message}`;
    return plan.reason === 'no_waba' ? { text, onboardCustomerId: plan.customer.id } : { text };
  }
  if (plan.wabaId) return { text: `WhatsApp Business Account: the sender joins ${escapeText(who)}'s WABA *${plan.wabaId}*.` };
  return {
    text: `WhatsApp Business Account: the sender joins the WABA connected to ${escapeText(who)} in Twilio (the bot learns its ID from the first sender).`,
  };
}

/** One line per Twilio account of a bulk run: the WABA its rows join. */
export function bulkWabaLines(accounts: { who: string; wabaId?: string }[]): string[] {
  return accounts.map(({ who, wabaId }) =>
    clip(`• ${escapeText(who)}: ${wabaId ? `WABA *${wabaId}*` : 'the WABA connected to it in Twilio (ID not seen yet)'}`, 300),
  );
}
