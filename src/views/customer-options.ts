import type { PlainTextOption } from '@slack/types';
import { LONGEST } from '../senders/input-limits.js';
import { MAIN_ACCOUNT, MORE_CUSTOMERS } from '../senders/registration/form.js';
import type { Customer } from '../store/schema.js';
import { plain } from './blocks.js';

/** Slack shows at most 100 options in a select. */
export const MAX_OPTIONS = 100;

export const mainAccountOption = (mainAccountSid: string): PlainTextOption => ({
  text: plain(`Main account (${mainAccountSid.slice(0, 8)}…)`, 75),
  value: MAIN_ACCOUNT,
});
export const customerOption = (customer: Customer): PlainTextOption => ({
  text: plain(`${customer.name} (${customer.accountSid.slice(0, 8)}…)`, 75),
  value: customer.id,
});

export interface CustomerChoices {
  /** The customers the person may pick here. */
  customers: Customer[];
  /** Offered first, when the main account may be picked here. */
  mainAccountSid?: string;
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare;

/**
 * The customer select's options for what the person typed: the main account first, then the
 * customers whose name starts with it, then those with it anywhere in their name or account SID.
 * When more match than a select shows, the last option says to type more of the name.
 */
export function customerOptions(typed: string, choices: CustomerChoices): PlainTextOption[] {
  const query = typed.slice(0, LONGEST.customer).trim().toLowerCase();
  const matches = (text: string) => text.toLowerCase().includes(query);
  const startsWithQuery = (c: Customer) => c.name.toLowerCase().startsWith(query);
  const found = choices.customers
    .filter((c) => matches(c.name) || matches(c.accountSid))
    .sort((a, b) => Number(startsWithQuery(b)) - Number(startsWithQuery(a)) || byName(a.name, b.name));
  const options = [
    ...(choices.mainAccountSid && (matches('main account') || matches(choices.mainAccountSid)) ? [mainAccountOption(choices.mainAccountSid)] : []),
    ...found.map(customerOption),
  ];
  if (options.length <= MAX_OPTIONS) return options;
  const shown = options.slice(0, MAX_OPTIONS - 1);
  return [...shown, { text: plain(`…and ${options.length - shown.length} more: type more of the name`, 75), value: MORE_CUSTOMERS }];
}
