import { LONGEST } from '../input-limits.js';

export interface NameCheck {
  errors: string[];
  warnings: string[];
}

export const REJECTED_NAME_REMINDER =
  'If Meta rejects the display name, the number is limited to 250 business-initiated messages per 24 hours and may be disconnected.';

export const GUIDELINES_URL = 'https://www.facebook.com/business/help/757569725593362';

const GENERIC_WORDS = new Set([
  'shop',
  'store',
  'market',
  'bank',
  'pizza',
  'restaurant',
  'cafe',
  'coffee',
  'hotel',
  'taxi',
  'pharmacy',
  'clinic',
  'support',
  'service',
  'services',
  'delivery',
  'salon',
  'bakery',
  'travel',
  'insurance',
  'news',
  'sales',
  'info',
  'help',
  'business',
  'company',
  'marketing',
  'food',
  'fashion',
  'shoes',
  'flowers',
  'cars',
  'finance',
  'health',
]);

const PLACE_NAMES = new Set([
  'london',
  'paris',
  'madrid',
  'berlin',
  'rome',
  'mexico',
  'argentina',
  'brazil',
  'india',
  'spain',
  'france',
  'italy',
  'germany',
  'usa',
  'america',
  'europe',
  'asia',
  'africa',
  'california',
  'texas',
  'florida',
  'new york',
  'tokyo',
  'delhi',
  'mumbai',
  'lagos',
  'nairobi',
  'sao paulo',
  'buenos aires',
  'bogota',
  'lima',
  'santiago',
  'toronto',
  'sydney',
]);

const BUSINESS_WORDS =
  /\b(inc|llc|ltd|limited|co|corp|company|group|gmbh|sa|srl|plc|shop|store|studio|clinic|dental|law|legal|consulting|services?|solutions|labs?|agency|bakery|cafe|restaurant|bank|hotel|salon|school|academy|foods?|market|pharmacy|motors|travel|tours|insurance|realty|homes|design|media|tech|digital|health|care|fitness|gym|bar|grill|kitchen|boutique|partners|associates)\b/i;

/** Names a little over Meta's limit are still checked, so the person sees every other problem too. */
const LONGEST_CHECKED = LONGEST.displayName + 45;

/**
 * Meta's display name guidelines, as far as a machine can check them. Errors would get the
 * name rejected; warnings need a person's judgement. Every pattern here runs in time linear in
 * the name's length, and only on names of a bounded length.
 */
export function checkDisplayName(raw: string, websites: string[] = []): NameCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const name = raw;
  const tooLong = `Use at most ${LONGEST.displayName} characters; this has ${name.length.toLocaleString('en')}.`;
  if (name.length > LONGEST_CHECKED) return { errors: [tooLong], warnings };

  if (name.trim().length < 3) errors.push('Use at least 3 characters.');
  if (name.length > LONGEST.displayName) errors.push(tooLong);
  if (name !== name.trim()) errors.push('Remove the spaces at the start or end.');
  if (name.includes('  ')) errors.push('Use one space between words, not several.');
  if (/\p{Extended_Pictographic}/u.test(name.replace(/[®™©℠]/g, ''))) errors.push('Remove the emoji.');
  if (/[®™©℠]/.test(name)) errors.push('Remove trademark or copyright marks (®, ™, ©).');
  if (/[@#$%^*+=<>{}[\]|\\~`_]/.test(name.replace(/\d\s*%/g, ''))) errors.push('Remove symbols such as @ # $ * + = < > | ~ _.');
  if (/[.,!?;:'"&\-/()]{2}/.test(name.replace(/\.\.\./g, '…'))) errors.push('Do not put two punctuation marks in a row.');
  if (WEB_ADDRESS.test(name)) errors.push('Do not use a web address.');
  if (hasEmailAddress(name)) errors.push('Do not use an email address.');
  if (/wh?at+s?ap/i.test(name.replace(/[\s']/g, '')) || /\bwa\b/i.test(name)) errors.push('Do not use "WhatsApp" in any form.');
  if (/\b(facebook|messenger|instagram|meta)\b/i.test(name)) errors.push("Do not use Meta's product names (Facebook, Messenger, Instagram, Meta).");
  if (/\b(official|verified|authentic|certified)\b/i.test(name)) errors.push('Do not use words that imply verification, such as "Official" or "Verified".');
  if (/\d\s*%|\bpercent\b|\bfree\b|\bsale\b|\bdiscounts?\b|\bdeals?\b/i.test(name))
    errors.push('Remove promotional words such as "free", "sale" or a percentage off.');

  const letters = name.replace(/[^\p{L}]/gu, '');
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (
    letters.length > 0 &&
    letters === letters.toUpperCase() &&
    letters !== letters.toLowerCase() &&
    words.some((w) => w.replace(/[^\p{L}]/gu, '').length >= 5)
  ) {
    errors.push('Do not write the name in capitals (short acronyms such as IBM are fine): use "Acme Store", not "ACME STORE".');
  }

  const lower = name.trim().toLowerCase();
  if (words.length === 1 && GENERIC_WORDS.has(lower))
    warnings.push(`"${name.trim()}" alone is a generic word; Meta wants the brand (e.g. "Acme ${capitalize(lower)}").`);
  if (PLACE_NAMES.has(lower)) warnings.push(`"${name.trim()}" is a place name alone; add the business's brand.`);
  if (errors.length === 0 && words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{Lu}\p{Ll}+$/u.test(w)) && !BUSINESS_WORDS.test(name)) {
    warnings.push('If this is a person\'s name, Meta wants the business in it too (e.g. "Ana Gomez Dental").');
  }
  const brandWords = words.map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')).filter((w) => w.length >= 3);
  const domains = websites
    .filter((w) => w.length <= LONGEST.url)
    .map(domainOf)
    .filter((d): d is string => Boolean(d));
  if (domains.length > 0 && brandWords.length > 0 && !domains.some((d) => brandWords.some((w) => d.includes(w)))) {
    warnings.push(`The name does not match the website's brand (${domains.join(', ')}); Meta expects the name to match the brand it represents.`);
  }
  return { errors, warnings };
}

/** A scheme, www., or one letter or digit right before a common top-level domain ("acme.com"). */
const WEB_ADDRESS = /https?:\/\/|www\.|[a-z0-9-]\.(?:com|net|org|io|co|app|biz|info|shop|store)\b/i;

/** Some word has the shape of an address: text, @, text, a dot, text ("joe@acme.co"). */
function hasEmailAddress(name: string): boolean {
  return name.split(/\s+/).some((word) => {
    const at = word.indexOf('@', 1);
    return at > 0 && word.lastIndexOf('.', word.length - 2) >= at + 2;
  });
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function domainOf(url: string): string | undefined {
  try {
    return new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return undefined;
  }
}
