import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { MonthlyPrice } from '../senders/numbers/prices.js';
import type { NumberOffer, NumberSearch } from '../senders/numbers/search.js';
import { actions, button, clip, context, plain, section } from './blocks.js';
import { ACTION, CALLBACK } from './ids.js';
import { slackTime } from './time-text.js';

export interface BuyMetadata {
  channel: string;
  phoneNumber: string;
  /** The monthly price the search showed, in words (e.g. "$1.15 a month"). */
  price?: string;
  /** Chosen in the first step; the confirmation names it. */
  customer?: string;
}

const TYPE_LABELS: Record<NumberOffer['type'], string> = { Local: 'Local', Mobile: 'Mobile', TollFree: 'Toll-free' };

const capabilities = (o: NumberOffer) => [o.sms ? 'SMS' : undefined, o.voice ? 'Voice' : undefined].filter(Boolean).join(' + ') || 'no SMS or voice';

/** How a number suits WhatsApp: with SMS Twilio verifies it by itself, without it the code comes by a call. */
const suitability = (o: NumberOffer) => (o.sms ? 'verified by Twilio, no code to type' : 'voice only: Meta calls it with the code');

/** A monthly price in words, in its own currency: "$1.15 a month". */
export function priceText(price: MonthlyPrice): string {
  try {
    const money = new Intl.NumberFormat('en', { style: 'currency', currency: price.currency, minimumFractionDigits: 2 }).format(Number(price.amount));
    return `${money} a month`;
  } catch {
    return `${price.currency} ${price.amount} a month`;
  }
}

/** What a Buy button carries: the number, and the price shown beside it. */
export const buyButtonValue = (o: NumberOffer): string => [o.phoneNumber, ...(o.price ? [o.price.amount, o.price.currency] : [])].join('|');

/** The number and the price a Buy button carries; a price that is not one is left out. */
export function readBuyButton(value: string): { phoneNumber: string; price?: string } {
  const [phoneNumber = '', amount, currency] = value.split('|');
  const price = amount && currency && /^\d{1,6}(\.\d{1,4})?$/.test(amount) && /^[A-Z]{3}$/.test(currency) ? priceText({ amount, currency }) : undefined;
  return { phoneNumber, ...(price ? { price } : {}) };
}

const describeSearch = (s: NumberSearch) =>
  [s.country, s.digits ? `with ${s.digits}` : undefined, s.capability ? `${s.capability.toUpperCase()}-capable` : undefined].filter(Boolean).join(', ');

/** The numbers Twilio offers, each with its capabilities and a Buy button. */
export function numbersSearchMessage(search: NumberSearch, offers: NumberOffer[], command: string): { text: string; blocks: KnownBlock[] } {
  if (offers.length === 0) {
    const text = `Twilio has no numbers for sale matching ${describeSearch(search)}. Try other digits, no digits, or another type: \`${command} numbers search ${search.country}\`.`;
    return { text, blocks: [section(text)] };
  }
  const text = `${offers.length} Twilio number${offers.length === 1 ? '' : 's'} for sale (${describeSearch(search)})`;
  const blocks: KnownBlock[] = [section(`*${text}.* Buy one into a customer’s subaccount, then register it as a WhatsApp sender.`)];
  if (offers.some((o) => !o.price))
    blocks.push(context('Twilio’s prices could not be fetched just now: the price shows on the number’s page in the Twilio Console. *Buy* still works.'));
  for (const o of offers.slice(0, 45)) {
    const place = o.place ? ` · ${o.place}` : '';
    const address = o.addressRequired ? ' · _needs an address on file_' : '';
    const price = o.price ? `*${priceText(o.price)}*` : '_price unavailable_';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*${o.phoneNumber}* · ${TYPE_LABELS[o.type]} · ${capabilities(o)}${place} · ${price}${address}\n${suitability(o)}`, 3000),
      },
      accessory: button('Buy', ACTION.buyNumber, buyButtonValue(o)),
    });
  }
  return { text, blocks };
}

/** First step of a purchase: which customer the number is for. */
export function buyCustomerModal(metadata: BuyMetadata, chosen: PlainTextOption | undefined): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.buyNumber,
    title: plain('Buy a number', 24),
    submit: plain('Next', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      section(`Buy *${metadata.phoneNumber}*${metadata.price ? ` (${metadata.price})` : ''} from Twilio. Choose the customer whose subaccount it goes into.`),
      {
        type: 'input',
        block_id: 'customer',
        label: plain('Customer (Twilio account)', 2000),
        element: {
          // The same select as the registration form, served by the same options listener.
          type: 'external_select',
          action_id: ACTION.detectPath,
          min_query_length: 0,
          placeholder: plain('Type part of the name', 150),
          ...(chosen ? { initial_option: chosen } : {}),
        },
      },
    ],
  };
}

/** Second step: the confirmation, naming the number and the customer. */
export function buyConfirmModal(metadata: BuyMetadata & { customer: string }, customerName: string, accountSid: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.buyConfirm,
    title: plain('Buy a number', 24),
    submit: plain('Buy', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      section(`Buy *${metadata.phoneNumber}*${metadata.price ? ` for *${metadata.price}*` : ''} into the subaccount of *${customerName}* (\`${accountSid}\`)?`),
      context(
        metadata.price
          ? `Twilio charges ${metadata.price} to that account from today, as its price list said at the search.`
          : 'Twilio charges the number’s monthly price to that account from today (its price could not be fetched at the search: see the Twilio Console).',
      ),
    ],
  };
}

const resultModal = (text: string, extra: KnownBlock[] = []): ModalView => ({
  type: 'modal',
  callback_id: CALLBACK.registering,
  title: plain('Buy a number', 24),
  close: plain('Close', 24),
  blocks: [section(clip(text, 3000)), ...extra],
});

export const buyingModal = (phoneNumber: string, customerName: string) =>
  resultModal(`:hourglass_flowing_sand: Buying *${phoneNumber}* for *${customerName}*…`);

/** Bought: offers the registration, with the customer and the number filled in. */
export function boughtModal(phoneNumber: string, customerName: string, registerValue: string, sms: boolean): ModalView {
  const path = sms
    ? 'It can receive SMS, so Twilio verifies it for WhatsApp by itself: no code to type.'
    : 'It has no SMS: when it is registered, Meta calls it with the code.';
  return resultModal(`:white_check_mark: *${phoneNumber}* is now *${customerName}*’s. ${path}`, [
    actions('bought', [button('Register as WhatsApp sender', ACTION.registerBought, registerValue, 'primary')]),
  ]);
}

/**
 * The purchase's outcome is unknown until `retryAt` (4 × the Twilio timeout after it went out).
 * `into`: an earlier purchase of the number for another customer, the one being checked.
 */
export function buyCheckingModal(phoneNumber: string, customerName: string, retryAt: number, now: number, into?: string): ModalView {
  const wait = Math.max(1, Math.ceil((retryAt - now) / 60_000));
  const when = `after ${slackTime(retryAt, now)} (in about ${wait} minute${wait === 1 ? '' : 's'})`;
  if (into && into !== customerName) {
    return resultModal(
      `:hourglass: *${phoneNumber}* was being bought for *${into}* and Twilio did not confirm that purchase: the number may be in ${into}’s account already. Nothing was bought for *${customerName}*. Press *Buy* again ${when}: the bot looks in ${into}’s account first, then buys for ${customerName} only if the number is not there.`,
    );
  }
  return resultModal(
    `:hourglass: Twilio did not confirm the purchase of *${phoneNumber}* for *${customerName}*: its answer was lost, so the number may be bought already. The bot never buys twice: press *Buy* again ${when} and it looks the number up in that account first.`,
  );
}

/** An earlier purchase for another customer landed: the number is there, not bought again. */
export const boughtElsewhereModal = (phoneNumber: string, customerName: string, ownerName: string) =>
  resultModal(
    `:information_source: *${phoneNumber}* is in *${ownerName}*’s account: an earlier purchase for ${ownerName}, whose answer was lost, went through. Nothing was bought for *${customerName}*. Register it for ${ownerName}, or open the registration form for ${customerName} and type the number: the form offers to move it.`,
  );

export const buyBusyModal = (phoneNumber: string) =>
  resultModal(`:hourglass: *${phoneNumber}* is being bought right now (another click or another person). Its result comes in that window.`);

export const buyFailedModal = (phoneNumber: string, explanation: string) => resultModal(`:x: *${phoneNumber}* was not bought. ${explanation}`);
