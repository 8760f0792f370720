import { STANDARD_KEY_GUIDE } from '../senders/numbers/credentials.js';
import type { Problem } from '../senders/outcome.js';
import type { RefusedSubaccount } from '../twilio/errors.js';
import { reasonText } from './problem-reasons.js';
import { withoutSlackDates } from './time-text.js';

export interface ErrorGuide {
  meaning: string;
  next: string;
}

export const ERROR_DOCS = (code: number | string) => `https://www.twilio.com/docs/api/errors/${code}`;

const GUIDES: Record<string, ErrorGuide> = {
  '63100': {
    meaning: 'Twilio refused the request: a field is missing or not in the allowed form.',
    next: "Read Twilio's message, fix that field and try again.",
  },
  '63101': {
    meaning:
      "Twilio can't use this WhatsApp Business Account (WABA): the ID is wrong, the WABA was deleted, it was not shared with Twilio in Embedded Signup, or it is already linked to another Twilio account.",
    next: "Check the WABA ID in Meta's WhatsApp Manager and correct it with `{command} customer waba <customer> <id>`. If it is right, the customer onboards again through the bot's Embedded Signup link (`{command} customer onboard <customer>`), so the WABA is shared with Twilio's partner solution (Twilio's partner solution must be added to the Meta app's Facebook Login for Business configuration, or Embedded Signup does not share the WABA with Twilio); a WABA linked to another Twilio account must be used from that account.",
  },
  '63102': {
    meaning: "This customer's Twilio account is already linked to another WABA. One Twilio account holds one WABA.",
    next: 'Register with the WABA the account already holds (see `{command} customers`), or add the other WABA as a separate customer: its own subaccount.',
  },
  '63059': {
    meaning: 'Meta moved this phone number to a different WhatsApp Business Account (WABA) than the one the request named.',
    next: "In the customer's Meta business portfolio, find the number and copy the WABA ID it now belongs to; if that WABA is the customer's, record it with `{command} customer waba <customer> <id>` and try again. If you cannot tell which WABA holds it, ask Twilio Support.",
  },
  '63103': { meaning: "A payment method can't be set on the WABA.", next: 'Create a new WABA and connect it again.' },
  '63107': { meaning: 'The phone number is not valid E.164.', next: 'Check the number and its country code.' },
  '63110': {
    meaning: 'This number is already registered with WhatsApp (the WhatsApp or WhatsApp Business app, or another provider).',
    next: 'Delete the WhatsApp account on that number (WhatsApp > Settings > Account > Delete my account), or, if it is with another provider, ask them to turn off two-step verification. Then register again.',
  },
  '63111': {
    meaning: "Meta can't find the phone number or the WABA.",
    next: 'Confirm both still exist and are shared with Twilio; if not, delete the sender and onboard it again.',
  },
  '63112': {
    meaning: 'The WABA or the Meta business is disabled, or the business verification is pending.',
    next: 'Open Meta Business Suite: appeal the decision or complete the business verification.',
  },
  '63124': {
    meaning: 'Meta rejected the display name (Meta gave its reason).',
    next: "Choose a name that follows Meta's display name guidelines and register again.",
  },
  '63128': {
    meaning: 'A display-name change for this sender is already in review by Meta.',
    next: "Wait for Meta's verdict (the bot posts it in the sender's thread), then try again.",
  },
  '63060': { meaning: 'Meta rejected the display name.', next: "Choose a name that follows Meta's display name guidelines and register again." },
  '63018': {
    meaning: 'The messaging limit of this sender was exceeded.',
    next: 'Wait for the 24-hour window to pass and keep message quality high to raise the limit.',
  },
  '21631': {
    meaning: 'Twilio sells this number only with the address of whoever will use it (local regulation).',
    next: 'Add the customer’s address to their subaccount in the Twilio Console (Phone Numbers > Regulatory Compliance > Addresses) and buy it there, or choose a number that needs no address.',
  },
  '21613': {
    meaning: 'Local regulation requires an address on file before Twilio sells or moves this number.',
    next: 'Add the customer’s address to their subaccount in the Twilio Console (Phone Numbers > Regulatory Compliance > Addresses), or choose a number that needs no address.',
  },
  '21615': {
    meaning: 'This number needs a local address (in the number’s own country) on file.',
    next: 'Add a local address to the customer’s subaccount in the Twilio Console, or choose a number from another country or type.',
  },
  '21649': {
    meaning: 'This country’s regulation requires an approved regulatory bundle (the end user’s identity documents) to buy this number.',
    next: 'Create a regulatory bundle for the customer in the Twilio Console (Phone Numbers > Regulatory Compliance > Bundles); once Twilio approves it (often 1 to 3 business days) buy the number in the Console with that bundle, or choose a number that needs none.',
  },
  '21651': {
    meaning: 'The documents in the regulatory bundle do not satisfy this number’s regulation.',
    next: 'Fix the bundle’s documents in the Twilio Console (Phone Numbers > Regulatory Compliance), or choose another number.',
  },
  '21422': {
    meaning: 'This number is no longer for sale: someone else bought or reserved it.',
    next: 'Search again and choose another number.',
  },
  '21452': {
    meaning: 'Twilio has no number for sale matching this request any more.',
    next: 'Search again, with other digits or without them.',
  },
  '20429': { meaning: 'Twilio is receiving too many requests at once; nothing was processed.', next: 'Wait a minute and try again.' },
  '20003': { meaning: 'Twilio refused the credentials.', next: 'Ask an admin to check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or the API key) of the bot.' },
  '20404': { meaning: 'Twilio has no such resource in this account.', next: 'Check the SID and the customer; the sender may have been deleted.' },
};

/** The subaccount's own credentials were refused while the main ones work: the subaccount is what to look at. */
function refusedSubaccountGuide({ accountSid, customer, status }: RefusedSubaccount): ErrorGuide {
  const which = customer ? `subaccount ${accountSid} of customer "${customer}"` : `subaccount ${accountSid}`;
  const listed = status && status !== 'active' ? ` Twilio lists it as ${status}.` : '';
  return {
    meaning: `Twilio refused the credentials of ${which}, even after the bot fetched its auth token again with the main account.${listed}`,
    next: `In the Twilio Console (Admin > Subaccounts), check that ${accountSid} is active, not suspended or closed, and reactivate it; then try again. The bot's own Twilio settings are not the cause.`,
  };
}

/** Twilio's refusal of a first sender without a `waba_id` in an account that holds no WABA. */
const NO_WABA_GUIDE: ErrorGuide = {
  meaning: 'This Twilio account has no WhatsApp Business Account (WABA) connected, and the request named none.',
  next: "The customer's first sender goes through Meta's Embedded Signup, which makes the WABA: run `{command} customer onboard <customer>` and give the customer the link; or, if the customer has a WABA, record it with `{command} customer waba <customer> <id>`.",
};

/** The guide for a problem, its commands written with the configured slash command. */
export function guideFor(problem: Problem, command: string): ErrorGuide {
  const guide = rawGuideFor(problem);
  return { meaning: guide.meaning, next: guide.next.replaceAll('{command}', command) };
}

function rawGuideFor(problem: Problem): ErrorGuide {
  if (problem.standardKey) return STANDARD_KEY_GUIDE;
  if (problem.refusedSubaccount) return refusedSubaccountGuide(problem.refusedSubaccount);
  if (problem.twilioCode === 63100 && /\bWABA\b|WhatsApp Business Account/i.test(problem.message)) return NO_WABA_GUIDE;
  if (problem.twilioCode !== undefined && GUIDES[String(problem.twilioCode)]) return GUIDES[String(problem.twilioCode)]!;
  if (problem.httpStatus === 0)
    return { meaning: 'Twilio could not be reached.', next: 'Try again in a few minutes; if it persists, check status.twilio.com.' };
  if (problem.httpStatus !== undefined && problem.httpStatus >= 500) {
    return { meaning: 'Twilio had an internal error.', next: 'Try again in a few minutes; if it persists, check status.twilio.com.' };
  }
  if (problem.twilioCode !== undefined) return { meaning: 'Twilio refused the request.', next: 'Read the message and the linked page for the fix.' };
  if (problem.outage) return { meaning: problem.message, next: 'Try again; if it happens again, tell the bot admins.' };
  // A refusal by the bot: its message already names the cause and its own next step; retrying the same would not help.
  return { meaning: problem.message, next: '' };
}

const nextStep = (next: string): string => (next ? `\n*Next step:* ${next}` : '');

/** Plain text naming the cause and the next step; Slack mrkdwn. */
export function describeProblem(problem: Problem, command: string): string {
  if (problem.reason) return reasonText(problem, problem.reason);
  const guide = guideFor(problem, command);
  if (problem.twilioCode === undefined) {
    return guide.meaning === problem.message ? `${problem.message}${nextStep(guide.next)}` : `${guide.meaning} (${problem.message})${nextStep(guide.next)}`;
  }
  const link = problem.moreInfo ?? ERROR_DOCS(problem.twilioCode);
  return `*Twilio error ${problem.twilioCode}:* ${guide.meaning}\n> ${problem.message}\n*Next step:* ${guide.next}\n<${link}|Twilio’s page on error ${problem.twilioCode}>`;
}

/** The same explanation without formatting, for a modal field error. */
export function describeProblemPlain(problem: Problem, command: string): string {
  if (problem.reason) return withoutSlackDates(reasonText(problem, problem.reason)).replace(/[*`]/g, '');
  const guide = guideFor(problem, command);
  const code = problem.twilioCode !== undefined ? `Twilio error ${problem.twilioCode}: ` : '';
  const detail = guide.meaning === problem.message ? '' : ` (${problem.message})`;
  return guide.next ? `${code}${guide.meaning}${detail} Next step: ${guide.next}` : `${code}${guide.meaning}${detail}`;
}

/** A code Twilio refused, said for the code field: what to check and what to do next. */
export function describeRejectedCode(problem: Problem, command: string): string {
  if (problem.httpStatus !== undefined && problem.httpStatus >= 400 && problem.httpStatus < 500 && problem.httpStatus !== 429) {
    const code = problem.twilioCode !== undefined ? ` (Twilio error ${problem.twilioCode}: ${problem.message})` : ` (${problem.message})`;
    return `Twilio did not accept this code${code}. Check the digits of the newest SMS, call or voicemail email: only the latest code works. Still failing? Close this and press Resend code.`;
  }
  return describeProblemPlain(problem, command);
}
