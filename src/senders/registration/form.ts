import { z } from 'zod';
import type { Customer, SenderProfileInput, SenderWebhookInput, VerificationMethod } from '../../store/schema.js';
import { LONGEST, tooLongMessage } from '../input-limits.js';
import { normalizePhone } from '../numbers/phone.js';
import { entryValues, labelledEntry, splitEntries } from '../profile/labels.js';
import { checkDisplayName } from './display-name.js';
import { VERTICALS } from './verticals.js';

/** What the registration modal holds, as typed. Keys are the modal's block ids. */
export interface RegistrationFormValues {
  customer?: string;
  phone?: string;
  landline?: boolean;
  name?: string;
  method?: string;
  voice_email?: string;
  about?: string;
  description?: string;
  address?: string;
  emails?: string;
  vertical?: string;
  logo_url?: string;
  websites?: string;
  callback_url?: string;
  callback_method?: string;
  fallback_url?: string;
  fallback_method?: string;
  status_callback_url?: string;
  status_callback_method?: string;
}

export const MAIN_ACCOUNT = 'main';

/** The value of the customer list's last option when more customers match than it shows. */
export const MORE_CUSTOMERS = 'type_more_of_the_name';

export interface ValidRegistration {
  accountSid: string;
  customer?: Customer;
  phoneNumber: string;
  phoneChanges: string[];
  requestedMethod?: VerificationMethod;
  voiceEmail?: string;
  profile: SenderProfileInput;
  webhook: SenderWebhookInput;
  nameWarnings: string[];
}

export type FormCheck = { ok: true; value: ValidRegistration } | { ok: false; errors: Record<string, string> };

const url = z.url({ protocol: /^https?$/, message: 'must be a full web address starting with https://' });
const email = z.email();

export const LIMITS = { about: 139, description: 512, address: 256, emails: 2, websites: 2 } as const;

/** Fields checked with patterns, and how long each may be before none runs on it. */
const PATTERN_FIELDS = {
  voice_email: LONGEST.email,
  emails: LONGEST.emailList,
  websites: LONGEST.websiteList,
  logo_url: LONGEST.url,
  callback_url: LONGEST.url,
  fallback_url: LONGEST.url,
  status_callback_url: LONGEST.url,
} as const;

/**
 * Checks every field of the registration modal. Errors are keyed by block id so the modal
 * can show each under its field.
 */
/** `command`: the slash command, named in the messages. */
export function checkRegistrationForm(v: RegistrationFormValues, customers: Customer[], mainAccountSid: string, command: string): FormCheck {
  const errors: Record<string, string> = {};
  for (const [field, max] of Object.entries(PATTERN_FIELDS)) {
    const length = v[field as keyof typeof PATTERN_FIELDS]?.length ?? 0;
    if (length > max) errors[field] = tooLongMessage(max, length);
  }
  // An over-long field keeps its "too long" error and is checked no further.
  const fits = <K extends keyof typeof PATTERN_FIELDS>(field: K): string | undefined => (errors[field] ? undefined : v[field]);
  let accountSid = mainAccountSid;
  let customer: Customer | undefined;
  if (v.customer === MORE_CUSTOMERS) errors.customer = "Type more of the customer's name, then pick it from the list.";
  else if (v.customer && v.customer !== MAIN_ACCOUNT) {
    customer = customers.find((c) => c.id === v.customer);
    if (!customer) errors.customer = `This customer is no longer known to the bot. Pick another, or add it with \`${command} customer add\`.`;
    else accountSid = customer.accountSid;
  }

  const phone = normalizePhone(v.phone ?? '', { landline: v.landline });
  if (!phone.ok) errors.phone = phone.error;

  const websites = splitEntries(fits('websites'));
  const name = v.name ?? '';
  const nameCheck = checkDisplayName(name, entryValues(websites));
  if (nameCheck.errors.length > 0) errors.name = `${nameCheck.errors.join(' ')} (Meta's display name guidelines)`;

  const method = v.method === 'voice' || v.method === 'sms' ? (v.method as VerificationMethod) : undefined;
  if (v.landline && method === 'sms') errors.method = 'A landline cannot receive SMS: choose Voice call.';

  const voiceEmail = fits('voice_email')?.trim() || undefined;
  if (voiceEmail && !email.safeParse(voiceEmail).success) errors.voice_email = 'Enter one email address, e.g. onboarding@example.com.';

  if (v.about && v.about.length > LIMITS.about) errors.about = `WhatsApp allows ${LIMITS.about} characters here; this has ${v.about.length}.`;
  if (v.description && v.description.length > LIMITS.description)
    errors.description = `Use at most ${LIMITS.description} characters; this has ${v.description.length}.`;
  if (v.address && v.address.length > LIMITS.address) errors.address = `Use at most ${LIMITS.address} characters; this has ${v.address.length}.`;

  const emails = splitEntries(fits('emails'));
  const badEmail = emails.find((e) => !email.safeParse(labelledEntry(e).value).success);
  if (badEmail) errors.emails = `"${badEmail}" is not an email address. Separate several with commas; a label goes first: Support: help@example.com.`;
  else if (emails.length > LIMITS.emails) errors.emails = `WhatsApp shows at most ${LIMITS.emails} emails; remove ${emails.length - LIMITS.emails}.`;

  const badSite = websites.find((w) => !url.safeParse(labelledEntry(w).value).success);
  if (badSite)
    errors.websites = `"${badSite}" must be a full web address starting with https://. Separate several with commas; a label goes first: Shop: https://shop.example.com.`;
  else if (websites.length > LIMITS.websites)
    errors.websites = `WhatsApp shows at most ${LIMITS.websites} websites; remove ${websites.length - LIMITS.websites}.`;

  if (v.vertical && !(VERTICALS as readonly string[]).includes(v.vertical)) errors.vertical = 'Pick a vertical from the list.';
  for (const field of ['logo_url', 'callback_url', 'fallback_url', 'status_callback_url'] as const) {
    const value = fits(field)?.trim();
    if (value && !url.safeParse(value).success) errors[field] = 'Enter a full web address starting with https://.';
  }
  const methodOf = (typed: string | undefined) => (typed === 'PUT' ? 'PUT' : typed === 'POST' ? 'POST' : undefined);
  const callbackMethod = methodOf(v.callback_method);
  const fallbackMethod = methodOf(v.fallback_method);
  const statusCallbackMethod = methodOf(v.status_callback_method);
  if (callbackMethod && !v.callback_url?.trim()) errors.callback_method = 'Set a callback URL too, or clear the method.';
  if (fallbackMethod && !v.fallback_url?.trim()) errors.fallback_method = 'Set a fallback URL too, or clear the method.';
  if (statusCallbackMethod && !v.status_callback_url?.trim()) errors.status_callback_method = 'Set a status callback URL too, or clear the method.';

  if (Object.keys(errors).length > 0 || !phone.ok) return { ok: false, errors };

  const trimmed = (s?: string) => s?.trim() || undefined;
  return {
    ok: true,
    value: {
      accountSid,
      customer,
      phoneNumber: phone.e164,
      phoneChanges: phone.changes,
      requestedMethod: v.landline ? 'voice' : method,
      voiceEmail,
      profile: {
        name,
        about: trimmed(v.about),
        description: trimmed(v.description),
        address: trimmed(v.address),
        emails: emails.length ? emails : undefined,
        vertical: trimmed(v.vertical),
        logo_url: trimmed(v.logo_url),
        websites: websites.length ? websites : undefined,
      },
      webhook: {
        callback_url: trimmed(v.callback_url),
        callback_method: callbackMethod,
        fallback_url: trimmed(v.fallback_url),
        fallback_method: fallbackMethod,
        status_callback_url: trimmed(v.status_callback_url),
        status_callback_method: statusCallbackMethod,
      },
      nameWarnings: nameCheck.warnings,
    },
  };
}
