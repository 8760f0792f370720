import { z } from 'zod';
import { LONGEST, tooLongMessage } from '../input-limits.js';
import { LIMITS } from '../registration/form.js';
import { VERTICALS } from '../registration/verticals.js';
import { labelledEntry, splitEntries } from './labels.js';
import type { EditableField, WantedValues } from './update-profile.js';

const httpsUrl = z.url({ protocol: /^https$/ });
const email = z.email();
const METHODS = ['POST', 'PUT'];

const URL_FIELDS = ['profile.logo_url', 'webhook.callback_url', 'webhook.fallback_url', 'webhook.status_callback_url'] as const;
const METHOD_FIELDS = ['webhook.callback_method', 'webhook.fallback_method', 'webhook.status_callback_method'] as const;

export type ProfileFormCheck = { ok: true; wanted: WantedValues } | { ok: false; errors: Partial<Record<EditableField, string>> };

/**
 * Checks the fields someone changed in the profile form (each field absent stays as it is; an
 * empty one is cleared). The same rules as at registration, and a label may go before each email
 * and website.
 */
export function checkProfileForm(typed: Partial<Record<EditableField, string>>): ProfileFormCheck {
  const errors: Partial<Record<EditableField, string>> = {};
  const wanted: WantedValues = {};
  const has = (field: EditableField) => field in typed;
  const value = (field: EditableField) => typed[field]?.trim() ?? '';

  for (const [field, max] of [
    ['profile.about', LIMITS.about],
    ['profile.description', LIMITS.description],
    ['profile.address', LIMITS.address],
  ] as const) {
    if (!has(field)) continue;
    if (value(field).length > max) errors[field] = `WhatsApp allows ${max} characters here; this has ${value(field).length}.`;
    else wanted[field] = value(field) || null;
  }
  for (const [field, rule, what, max] of [
    ['profile.emails', (v: string) => email.safeParse(v).success, 'an email address', LONGEST.emailList],
    ['profile.websites', (v: string) => httpsUrl.safeParse(v).success, 'a full web address starting with https://', LONGEST.websiteList],
  ] as const) {
    if (!has(field)) continue;
    if (value(field).length > max) {
      errors[field] = tooLongMessage(max, value(field).length);
      continue;
    }
    const entries = splitEntries(value(field));
    const bad = entries.find((entry) => !rule(labelledEntry(entry).value));
    if (bad) errors[field] = `"${bad}" is not ${what}. Separate several with commas; a label goes first: \`Support: …\`.`;
    else if (entries.length > 2) errors[field] = `WhatsApp shows at most 2; remove ${entries.length - 2}.`;
    else wanted[field] = entries.length ? entries : null;
  }
  if (has('profile.vertical')) {
    if (value('profile.vertical') && !(VERTICALS as readonly string[]).includes(value('profile.vertical')))
      errors['profile.vertical'] = 'Pick a vertical from the list.';
    else wanted['profile.vertical'] = value('profile.vertical') || null;
  }
  for (const field of URL_FIELDS) {
    if (!has(field)) continue;
    if (value(field).length > LONGEST.url) errors[field] = tooLongMessage(LONGEST.url, value(field).length);
    else if (value(field) && !httpsUrl.safeParse(value(field)).success) errors[field] = 'Enter a full web address starting with https://.';
    else wanted[field] = value(field) || null;
  }
  for (const field of METHOD_FIELDS) {
    if (!has(field)) continue;
    if (value(field) && !METHODS.includes(value(field))) errors[field] = 'Pick POST or PUT.';
    else wanted[field] = value(field) || null;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, wanted };
}
