import type { KnownBlock } from '@slack/types';
import type { KnownAccount } from '../senders/numbers/number-lookup.js';
import { actions, button } from './blocks.js';
import { ACTION } from './ids.js';

const owner = (a: KnownAccount) => (a.customerId ? `customer *${a.name}*’s account` : 'the *Main account*');

export const numberElsewhereText = (e164: string, where: KnownAccount, chosen: KnownAccount) =>
  `:information_source: *${e164}* is a Twilio number in ${owner(where)} (\`${where.accountSid}\`), not in ${owner(chosen)}. ` +
  `Move it to ${chosen.name} (it then belongs to that account), or register it where it is, as ${where.name}’s sender.`;

export const numberElsewhereActions = (where: KnownAccount, chosen: KnownAccount, value: string): KnownBlock =>
  actions('number_elsewhere', [
    button(`Move it to ${chosen.name}`, ACTION.moveNumber, value, 'primary'),
    button(`Register it where it is (${where.name})`, ACTION.registerWhereItIs, value),
  ]);
