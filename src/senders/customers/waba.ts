import type { Reads } from '../../store/repositories.js';
import type { Customer, Data } from '../../store/schema.js';

/** Meta's WABA IDs are numbers, 15 or 16 digits today; a little room either side. */
const WABA_ID = /^\d{8,20}$/;

export type WabaIdCheck = { ok: true; wabaId: string } | { ok: false; message: string };

export function checkWabaId(text: string): WabaIdCheck {
  const wabaId = text.trim();
  if (WABA_ID.test(wabaId)) return { ok: true, wabaId };
  return {
    ok: false,
    message: `"${wabaId.slice(0, 40)}" is not a WABA ID: it is 8 to 20 digits, e.g. 104567891234567. Copy it from Meta's WhatsApp Manager (Account tools > Phone numbers, or the business portfolio's WhatsApp accounts).`,
  };
}

/** What the bot knows of the WABAs its Twilio accounts hold. */
export type WabaKnowledge = Pick<Data, 'accountWabas' | 'customers'>;

/**
 * What the checks below need to know about `accountSid` and the WABAs it may take: its own
 * WABA, and the accounts and customers holding any of these (not every account's or customer's,
 * which grow with the ISV), with the customer of `accountSid`.
 */
export async function wabaKnowledge(repos: Reads, accountSid: string, ...wabaIds: (string | undefined)[]): Promise<WabaKnowledge> {
  const own = await repos.accounts.waba(accountSid);
  const wanted = [...new Set([own, ...wabaIds].filter((id): id is string => Boolean(id)))];
  const holders = await repos.accounts.holdersOf(wanted);
  const [ofAccount, holding] = [await repos.customers.byAccount(accountSid), await repos.customers.holdingWabas(wanted)];
  const customers = ofAccount ? [ofAccount, ...holding.filter((c) => c.id !== ofAccount.id)] : holding;
  return { accountWabas: { ...holders, ...(own ? { [accountSid]: own } : {}) }, customers };
}

/** The WABA a Twilio account is known to hold, and where the bot saw it. `except`: a customer whose own WABA does not count. */
export function linkedWaba(known: WabaKnowledge, accountSid: string, except?: Customer): { wabaId: string; seenOn: string } | undefined {
  const fromSenders = known.accountWabas[accountSid];
  if (fromSenders) return { wabaId: fromSenders, seenOn: 'its senders in Twilio' };
  const customer = known.customers.find((c) => c !== except && c.id !== except?.id && c.accountSid === accountSid && c.wabaId);
  return customer?.wabaId ? { wabaId: customer.wabaId, seenOn: `customer "${customer.name}"` } : undefined;
}

/**
 * Refuses a second WABA for a Twilio account (Twilio's 63102), and a WABA another account
 * already holds (Twilio's 63101), before anything is sent.
 */
export function wabaClash(known: WabaKnowledge, accountSid: string, wabaId: string, except?: Customer): string | undefined {
  const elsewhere = heldElsewhere(known, accountSid, wabaId);
  if (elsewhere) {
    return `WABA ${wabaId} is already the WABA of ${elsewhere}, and a WABA is linked to one Twilio account only (Twilio error 63101). Register the number for that customer, or check the WABA ID in Meta's WhatsApp Manager.`;
  }
  const linked = linkedWaba(known, accountSid, except);
  if (!linked || linked.wabaId === wabaId) return undefined;
  return `Twilio account ${accountSid} already holds WABA ${linked.wabaId} (seen on ${linked.seenOn}), not ${wabaId}. One Twilio account holds one WABA (Twilio error 63102): use ${linked.wabaId}, or add the other WABA as a separate customer, with its own subaccount.`;
}

function heldElsewhere(known: WabaKnowledge, accountSid: string, wabaId: string): string | undefined {
  const customer = known.customers.find((c) => c.accountSid !== accountSid && c.wabaId === wabaId);
  if (customer) return `customer "${customer.name}" (${customer.accountSid})`;
  const account = Object.entries(known.accountWabas).find(([sid, id]) => sid !== accountSid && id === wabaId)?.[0];
  return account ? `Twilio account ${account}` : undefined;
}

export const onboardCommand = (command: string, customerName: string) =>
  `${command} customer onboard ${/\s/.test(customerName) ? `"${customerName}"` : customerName}`;

export const noWabaMessage = (customerName: string, command: string) =>
  `Customer *${customerName}* has no WhatsApp Business Account (WABA) yet, so Twilio would refuse the sender: nothing was sent. The customer's first sender goes through Meta's Embedded Signup, which makes the WABA: run \`${onboardCommand(command, customerName)}\` and give the customer the link. If the customer already has a WABA, record it with \`${command} customer waba ${/\s/.test(customerName) ? `"${customerName}"` : customerName} <WABA ID>\`.`;

export type WabaPlan =
  | { ok: true; wabaId?: string }
  | { ok: false; reason: 'no_waba'; customer: Customer; message: string }
  /** `heldElsewhere`: another customer or account holds the WABA (63101); otherwise this account holds another (63102). */
  | { ok: false; reason: 'clash'; message: string; heldElsewhere: boolean };

/**
 * The WABA a create joins: the one asked for, else the customer's, else the one the account is
 * known to hold. A customer's account with none cannot take a sender; the main account sends
 * without one when the bot has not seen its WABA (Twilio uses the WABA connected to it).
 */
export function wabaForCreate(known: WabaKnowledge, accountSid: string, customer: Customer | undefined, command: string, requested?: string): WabaPlan {
  const wabaId = requested ?? customer?.wabaId ?? known.accountWabas[accountSid];
  if (!wabaId) {
    if (customer) return { ok: false, reason: 'no_waba', customer, message: noWabaMessage(customer.name, command) };
    return { ok: true };
  }
  const clash = wabaClash(known, accountSid, wabaId);
  return clash ? { ok: false, reason: 'clash', message: clash, heldElsewhere: heldElsewhere(known, accountSid, wabaId) !== undefined } : { ok: true, wabaId };
}
