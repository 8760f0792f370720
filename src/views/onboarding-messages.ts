import type { KnownBlock } from '@slack/types';
import type { OnboardingNotice } from '../store/schema.js';
import { context, escapeText, section } from './blocks.js';
import { signupStepForStaff } from './signup-steps.js';
import { slackTime, withoutSlackDates } from './time-text.js';

export interface SlackText {
  text: string;
  blocks: KnownBlock[];
}

const message = (text: string): SlackText => ({ text: withoutSlackDates(text), blocks: [section(text)] });

/** The message that gives out the link; its thread follows the onboarding. */
export function onboardingLinkMessage(customer: { name: string; wabaId?: string }, url: string, expiresAt: number, now: number, user: string): SlackText {
  const waba = customer.wabaId
    ? `\n*${escapeText(customer.name)}* already has WhatsApp Business Account \`${customer.wabaId}\`: the customer must choose the *same business portfolio and WABA* in the signup.`
    : '';
  const text = `:link: *Onboarding link for ${escapeText(customer.name)}* (asked by <@${user}>)\nGive this link to the customer’s Meta Business admin: they sign in with Facebook, choose or create the WhatsApp Business Account and the phone number for WhatsApp. ${url}${waba}`;
  return {
    text,
    blocks: [
      section(text),
      context(`Works once, until ${slackTime(expiresAt, now)} (Meta’s signup times out after an hour). Progress appears in this thread.`),
    ],
  };
}

export const onboardingFinishedMessage = (customerName: string, wabaId: string, phoneNumber: string) =>
  message(
    `:white_check_mark: The customer finished Meta’s signup. WABA \`${wabaId}\` is now *${escapeText(customerName)}*’s; registering *${phoneNumber}* as its first WhatsApp sender (its progress follows in this thread).`,
  );

export const onboardingCancelledMessage = (step: string | undefined, expiresAt: number, now: number) =>
  message(
    `:leftwards_arrow_with_hook: The customer closed Meta’s signup ${signupStepForStaff(step)}. Nothing was set up. They can open the same link again until ${slackTime(expiresAt, now)}; if they are unsure about a step, walk them through it (Meta Business admin rights and the phone at hand are needed).`,
  );

/** Meta’s error text comes from the page, so anyone holding the link could write it: only Meta’s error ID is shown. */
export const onboardingErrorMessage = (errorId: string | undefined, expiresAt: number, now: number) =>
  message(
    `:x: Meta’s signup reported an error${errorId ? ` (Meta error ID \`${errorId}\`)` : ''}. The customer can open the same link again until ${slackTime(expiresAt, now)}. If it repeats, check the business’s status in Meta Business Suite (a disabled or unverified business cannot onboard), and give Meta support the error ID.`,
  );

export const onboardingIncompleteMessage = (event: string | undefined, expiresAt: number, now: number, command: string) =>
  message(
    `:hourglass: The customer went through Meta’s signup, but Meta did not tell the page how it ended${event ? ' (it sent a kind of report the bot does not handle)' : ''}, so nothing was recorded. They can open the same link again until ${slackTime(expiresAt, now)}; if it repeats, ask them for the WABA ID shown in Meta’s WhatsApp Manager and record it with \`${command} customer waba\`.`,
  );

export const onboardingUnconfirmedMessage = (wabaId: string, what: string) =>
  message(
    `:no_entry: The page reported WABA \`${wabaId}\`, but Meta does not confirm that this signup gave access to ${what}, so nothing was recorded and the link stays open. If the customer really finished, ask them to sign up again with the same link; if the link reached someone else, send a new one (it ends this one).`,
  );

export const onboardingWabaTakenMessage = (clash: string) =>
  message(`:no_entry: The customer finished Meta’s signup, but nothing was recorded: ${escapeText(clash)}`);

export const onboardingLateMessage = (wabaId: string | undefined, phoneNumberId: string | undefined, command: string, customerName: string) =>
  message(
    `:warning: The customer finished Meta’s signup after the link had expired, so nothing was recorded.${wabaId ? ` The page reported WABA \`${wabaId}\`${phoneNumberId ? ` and phone number ID \`${phoneNumberId}\`` : ''} (not confirmed with Meta).` : ''} Check the WABA in Meta’s WhatsApp Manager and record it with \`${command} customer waba ${/\s/.test(customerName) ? `"${escapeText(customerName)}"` : escapeText(customerName)} <WABA ID>\`, then register the number, or send a new link.`,
  );

export const onboardingWabaOnlyMessage = (customerName: string, wabaId: string, why: string) =>
  message(`:white_check_mark: The customer finished Meta’s signup. WABA \`${wabaId}\` is now *${escapeText(customerName)}*’s. ${why}`);

export const onboardingOtherWabaMessage = (customerName: string, known: string, chosen: string) =>
  message(
    `:no_entry: The customer chose WABA \`${chosen}\`, but *${escapeText(customerName)}* already has \`${known}\`: one Twilio account holds one WABA, so nothing was registered. Ask them to open the link again and choose the same business portfolio and WABA \`${known}\`.`,
  );

export const onboardingMetaFailedMessage = (reason: string, expiresAt: number, now: number) =>
  message(
    `:warning: The customer finished Meta’s signup, but the bot could not complete it with Meta (${escapeText(reason)}). Nothing was registered. They can open the same link and sign up again until ${slackTime(expiresAt, now)}.`,
  );

export const onboardingNotSavedMessage = (reason: string) =>
  message(
    `:warning: The customer finished Meta’s signup, but the bot could not save it (${escapeText(reason)}). Nothing was registered; they can try the link again.`,
  );

export const onboardingDuplicateMessage = (phoneNumber: string) =>
  message(
    `:information_source: The customer finished Meta’s signup with *${phoneNumber}*, which is already being registered in this customer’s account; its own message shows its progress.`,
  );

export const onboardingMetaAccessFailedMessage = (customerName: string, wabaId: string, problem: string) =>
  message(
    `:warning: The signup of *${customerName}* is done, but the bot cannot read Meta’s own view of WABA ${wabaId} yet: ${problem} Meanwhile everything works from Twilio’s view, and the bot tries again when it next starts.`,
  );

/** The words of a notice of an onboarding’s thread (or its link message). */
export function onboardingNoticeMessage(notice: OnboardingNotice, command: string): SlackText {
  switch (notice.kind) {
    case 'link':
      return onboardingLinkMessage({ name: notice.customerName, wabaId: notice.wabaId }, notice.url, notice.expiresAt, notice.at, notice.user);
    case 'finished':
      return onboardingFinishedMessage(notice.customerName, notice.wabaId, notice.phoneNumber);
    case 'cancelled':
      return onboardingCancelledMessage(notice.step, notice.expiresAt, notice.at);
    case 'error':
      return onboardingErrorMessage(notice.errorId, notice.expiresAt, notice.at);
    case 'incomplete':
      return onboardingIncompleteMessage(notice.event, notice.expiresAt, notice.at, command);
    case 'unconfirmed':
      return onboardingUnconfirmedMessage(
        notice.wabaId,
        notice.phoneNumberId ? `phone number ID \`${notice.phoneNumberId}\` in that WABA` : `WABA \`${notice.wabaId}\``,
      );
    case 'waba_taken':
      return onboardingWabaTakenMessage(notice.clash);
    case 'late':
      return onboardingLateMessage(notice.wabaId, notice.phoneNumberId, notice.command, notice.customerName);
    case 'waba_only':
      return onboardingWabaOnlyMessage(notice.customerName, notice.wabaId, notice.why);
    case 'other_waba':
      return onboardingOtherWabaMessage(notice.customerName, notice.known, notice.chosen);
    case 'meta_failed':
      return onboardingMetaFailedMessage(notice.reason, notice.expiresAt, notice.at);
    case 'not_saved':
      return onboardingNotSavedMessage(notice.reason);
    case 'duplicate':
      return onboardingDuplicateMessage(notice.phoneNumber);
    case 'meta_access_failed':
      return onboardingMetaAccessFailedMessage(notice.customerName, notice.wabaId, notice.problem);
  }
}

/** The reply to the command or button when onboarding is not set up. */
export const onboardingNotConfigured = (missing: string[]) =>
  `Onboarding through Meta’s Embedded Signup is not set up in this bot yet. Ask the bot’s admins to set it up: it needs ${missing.join(', ')} (docs/onboarding-and-numbers.md in the bot’s repository says how). Until then, customers can be onboarded in the Twilio Console’s WhatsApp Senders page.`;
