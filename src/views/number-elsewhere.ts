import type { KnownBlock } from '@slack/types';
import type { KnownAccount } from '../senders/numbers/number-lookup.js';
import type { SenderInPlay } from '../senders/numbers/sender-in-play.js';
import { actions, button, clip } from './blocks.js';
import { ACTION } from './ids.js';

const owner = (a: KnownAccount) => (a.customerId ? `customer *${a.name}*’s account` : 'the *Main account*');

/** Where the number is; `sender` when it is a WhatsApp sender there, which it stays. */
export const numberElsewhereText = (e164: string, where: KnownAccount, chosen: KnownAccount, command: string, sender?: SenderInPlay) =>
  `:information_source: *${e164}* is a Twilio number in ${owner(where)} (\`${where.accountSid}\`), not in ${owner(chosen)}. ` +
  (sender
    ? `It is ${where.name}’s WhatsApp sender (${sender.status}), so it cannot move to ${chosen.name}: that sender would break. Register another number for ${chosen.name}, or see that sender with \`${command} status ${e164}\`.`
    : `Move it to ${chosen.name} (it then belongs to that account), or register it where it is, as ${where.name}’s sender.`);

/** Move (behind a confirmation naming the number and both customers) or register where it is; nothing to do when it is a sender there already. */
export function numberElsewhereActions(e164: string, where: KnownAccount, chosen: KnownAccount, value: string, sender?: SenderInPlay): KnownBlock | undefined {
  if (sender) return undefined;
  const stay = button(`Register it where it is (${where.name})`, ACTION.registerWhereItIs, value);
  const move = button(`Move it to ${chosen.name}`, ACTION.moveNumber, value);
  move.confirm = {
    title: { type: 'plain_text', text: 'Move this number?' },
    text: {
      type: 'mrkdwn',
      text: clip(
        `*${e164}* leaves ${where.name}’s Twilio account for ${chosen.name}’s. Anything ${where.name} uses it for (calls, SMS, a WhatsApp sender) stops working there.`,
        300,
      ),
    },
    confirm: { type: 'plain_text', text: `Move to ${chosen.name}`.slice(0, 30) },
    deny: { type: 'plain_text', text: 'Keep it' },
  };
  return actions('number_elsewhere', [move, stay]);
}
