import type { ResultAnswer } from '../senders/customers/onboarding.js';
import type { IsvBrand } from '../senders/customers/onboarding-settings.js';
import { signupStepWords } from './signup-steps.js';

/** What the customer reads after the signup (or on a link that no longer works). */
export interface PageAnswer {
  title: string;
  detail: string;
  tone: 'good' | 'bad' | 'wait';
  /** The customer may press the button again. */
  again?: boolean;
  /** The signup is over and worked: the page drops its steps and button. */
  done?: boolean;
  /** Until when the link still works (ms), told in the visitor's own time after the detail. */
  until?: number;
}

/** How the page names the ISV: its name, or "your provider" when ISV_NAME is unset (never a made-up name). */
export interface Contact {
  /** Mid-sentence. */
  who: string;
  /** At the start of a sentence. */
  Who: string;
  email?: string;
}

export function contactOf(brand: IsvBrand | undefined): Contact {
  const who = brand?.name ?? 'your provider';
  return { who, Who: brand?.name ?? 'Your provider', email: brand?.supportEmail };
}

const reach = (c: Contact) => (c.email ? ` at ${c.email}` : '');
const askNewLink = (c: Contact) => `ask ${c.who}${reach(c)} for a new link.`;
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const ifAgain = (c: Contact) => `If it happens again, tell ${c.who}${reach(c)}.`;

export function pageAnswer(answer: ResultAnswer, c: Contact): PageAnswer {
  switch (answer.kind) {
    case 'registering':
      return {
        title: 'You are all set',
        detail: `Your WhatsApp Business Account is connected, and ${answer.phoneNumber} is being registered for WhatsApp now. ${c.Who} will tell you when it is live. You can close this page.`,
        tone: 'good',
        done: true,
      };
    case 'waba_only':
      return {
        title: 'Your WhatsApp Business Account is connected',
        detail: answer.noNumber
          ? `No phone number was added in the signup, so none is being registered yet. ${c.Who} will help you add one. You can close this page.`
          : `${c.Who} will finish registering your phone number and tell you when it is live. You can close this page.`,
        tone: 'good',
        done: true,
      };
    case 'duplicate':
      return {
        title: 'This number is already being set up',
        detail: `${answer.phoneNumber} is already being registered for your business. ${c.Who} will tell you when it is live. You can close this page.`,
        tone: 'good',
        done: true,
      };
    case 'incomplete':
      return {
        title: 'We did not hear how the signup ended',
        detail: `Meta did not tell this page whether your signup finished, so nothing was set up. Press the button to try again. ${ifAgain(c)}`,
        tone: 'bad',
        again: true,
        until: answer.expiresAt,
      };
    case 'cancelled':
      return {
        title: 'The signup was not finished',
        detail: `You closed Meta's signup ${signupStepWords(answer.step)}, so nothing was set up. Press the button to start again.`,
        tone: 'bad',
        again: true,
        until: answer.expiresAt,
      };
    case 'error':
      return {
        title: 'Meta reported a problem',
        detail: `Meta's signup stopped with an error, so nothing was set up. Press the button to try again. ${ifAgain(c)}`,
        tone: 'bad',
        again: true,
        until: answer.expiresAt,
      };
    case 'meta_failed':
      return {
        title: 'The setup could not be completed',
        detail: `Meta did not confirm your signup to ${c.who}, so nothing was registered. Press the button to try again. ${ifAgain(c)}`,
        tone: 'bad',
        again: true,
        until: answer.expiresAt,
      };
    case 'waba_taken':
      return {
        title: 'This WhatsApp Business Account is already connected elsewhere',
        detail: `It is connected to another account with ${c.who}, so it cannot be connected again here. Tell ${c.who}${reach(c)}; they will check which account should hold it.`,
        tone: 'bad',
      };
    case 'other_waba':
      return {
        title: 'Choose your existing WhatsApp Business Account',
        detail: `Your business already uses WhatsApp Business Account ${answer.known}, and only one can be connected. Press the button again and choose the same business portfolio and that WhatsApp Business Account.`,
        tone: 'bad',
        again: true,
      };
    case 'not_saved':
      return {
        title: 'Your signup could not be saved',
        detail: 'Nothing was registered. Wait a minute, then press the button to try again.',
        tone: 'bad',
        again: true,
      };
    case 'busy':
      return { title: 'Your signup is being processed', detail: 'Wait a moment; this page will not need to be sent again.', tone: 'wait' };
    case 'bad_result':
      return { title: "Meta's answer was incomplete", detail: 'Nothing was set up. Press the button to try again.', tone: 'bad', again: true };
    case 'replaced':
      return {
        title: 'A newer link was sent',
        detail: `A newer signup link was made for your business, which ends this one: open the newest link you were sent. If you cannot find it, ${askNewLink(c)}`,
        tone: 'bad',
      };
    case 'used':
      return {
        title: 'This link was already used',
        detail: `The signup was completed with this link, and a link works once. To connect another number, ${askNewLink(c)}`,
        tone: 'bad',
      };
    case 'expired':
      return { title: 'This link has expired', detail: `Signup links work for 60 minutes. ${sentence(askNewLink(c))}`, tone: 'bad' };
    case 'tampered':
      return {
        title: 'This link is not valid',
        detail: `It may have been cut short or changed when it was copied: open it again from the message you were sent, or ${askNewLink(c)}`,
        tone: 'bad',
      };
  }
}

export const notConfiguredAnswer = (c: Contact): PageAnswer => ({
  title: 'Signup is not available yet',
  detail: `This page is not set up for WhatsApp signups yet. Tell ${c.who}${reach(c)}.`,
  tone: 'bad',
});
