import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { LONGEST } from '../input-limits.js';

export type PhoneResult = { ok: true; e164: string; changes: string[] } | { ok: false; error: string };

const EXAMPLE = 'e.g. +1 415 555 0100';

/**
 * Turns a phone number typed in any common notation into the E.164 form WhatsApp expects,
 * applying WhatsApp's rules for Argentina (+54 9, no trunk prefix 15) and Mexico (+52 1).
 * `landline` skips the mobile-only rules and settles the Argentine ambiguity.
 */
export function normalizePhone(input: string, options: { landline?: boolean } = {}): PhoneResult {
  const trimmed = input.trim();
  if (trimmed.length > LONGEST.phone) {
    return {
      ok: false,
      error: `This is too long for a phone number (${trimmed.length.toLocaleString('en')} characters, at most ${LONGEST.phone}). Enter one number with its country code, ${EXAMPLE}.`,
    };
  }
  const typed = trimmed.replace(/^(whatsapp|tel):/i, '').trim();
  if (!typed) return { ok: false, error: `Enter the phone number with its country code, ${EXAMPLE}.` };
  if (/[a-z]/i.test(typed.replace(/(?:ext\.?|x)\s*\d+$/i, ''))) {
    return { ok: false, error: `"${input.trim()}" has letters in it. Enter digits only, with the country code, ${EXAMPLE}.` };
  }
  const international = typed.replace(/^00/, '+');
  if (!international.startsWith('+')) {
    return { ok: false, error: `Add the country code with a + in front, ${EXAMPLE}.` };
  }
  const digits = international.replace(/\D/g, '');
  if (digits.startsWith('54')) return argentina(digits.slice(2), Boolean(options.landline));
  if (digits.startsWith('52')) return mexico(digits.slice(2), Boolean(options.landline));
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed?.isValid()) {
    return { ok: false, error: `"${input.trim()}" is not a valid phone number. Check the digits and the country code, ${EXAMPLE}.` };
  }
  const changes = parsed.number !== international.replace(/[^\d+]/g, '') ? [`written as ${parsed.number}`] : [];
  return { ok: true, e164: parsed.number, changes };
}

function valid(e164: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  return Boolean(parsed?.isValid());
}

function argentina(typedNational: string, landline: boolean): PhoneResult {
  const changes: string[] = [];
  const national = typedNational.startsWith('0') ? typedNational.slice(1) : typedNational;
  if (national !== typedNational) changes.push('removed the national 0 after +54');
  const hadNine = national.startsWith('9');
  let rest = hadNine ? national.slice(1) : national;
  let hadFifteen = false;
  if (rest.length === 12) {
    // Area codes have 2 to 4 digits; the mobile trunk prefix 15 follows the area code.
    for (const areaLength of [2, 3, 4]) {
      if (rest.slice(areaLength, areaLength + 2) === '15' && valid(`+549${rest.slice(0, areaLength)}${rest.slice(areaLength + 2)}`)) {
        rest = rest.slice(0, areaLength) + rest.slice(areaLength + 2);
        hadFifteen = true;
        changes.push('removed the mobile prefix 15 after the area code (WhatsApp does not use it)');
        break;
      }
    }
  }
  if (rest.length !== 10) {
    return { ok: false, error: 'An Argentine number has 10 digits after +54 (area code and number), e.g. +54 9 11 2345 6789.' };
  }
  if (landline) {
    if (hadNine || hadFifteen) {
      return {
        ok: false,
        error: 'This number is written as an Argentine mobile (with 9 or 15) but is marked as a landline. Untick "landline" or remove the 9/15.',
      };
    }
    return valid(`+54${rest}`)
      ? { ok: true, e164: `+54${rest}`, changes }
      : { ok: false, error: `+54 ${rest} is not a valid Argentine landline. Check the area code and digits.` };
  }
  if (!hadNine && !hadFifteen) {
    return {
      ok: false,
      error:
        'Is this Argentine number a mobile? WhatsApp writes mobiles with a 9 after +54: type it as +54 9 ' +
        `${rest.slice(0, 2)} ${rest.slice(2)}. If it is a landline, tick "This number is a landline".`,
    };
  }
  if (!hadNine) changes.push('added the 9 after +54 that WhatsApp needs for Argentine mobiles');
  const e164 = `+549${rest}`;
  return valid(e164) ? { ok: true, e164, changes } : { ok: false, error: `${e164} is not a valid Argentine mobile number. Check the area code and digits.` };
}

function mexico(national: string, landline: boolean): PhoneResult {
  // libphonenumber-js calls +52 1 numbers invalid since Mexico dropped the prefix in 2019,
  // so the 10 national digits are checked and WhatsApp's 1 is added afterwards.
  const hadOne = national.length === 11 && national.startsWith('1');
  const ten = hadOne ? national.slice(1) : national;
  if (ten.length !== 10 || !valid(`+52${ten}`)) {
    return { ok: false, error: 'A Mexican number has 10 digits after +52 (or +52 1), e.g. +52 1 55 1234 5678. Check the digits.' };
  }
  if (landline) {
    return { ok: true, e164: `+52${ten}`, changes: hadOne ? ['removed the 1 after +52 (landlines do not use it)'] : [] };
  }
  return {
    ok: true,
    e164: `+521${ten}`,
    changes: hadOne ? [] : ['added the 1 after +52 that WhatsApp expects for Mexican numbers'],
  };
}

/**
 * The forms a number may have in Twilio's lists: Twilio keeps Mexican numbers as +52 and ten
 * digits and Argentine ones as +54 without the 9, while WhatsApp writes +52 1 and +54 9.
 */
export function twilioForms(e164: string): string[] {
  const mexican = /^\+521(\d{10})$/.exec(e164) ?? /^\+52(\d{10})$/.exec(e164);
  if (mexican) return [e164, e164 === `+52${mexican[1]}` ? `+521${mexican[1]}` : `+52${mexican[1]}`];
  const argentine = /^\+549(\d{10})$/.exec(e164) ?? /^\+54(\d{10})$/.exec(e164);
  if (argentine) return [e164, e164 === `+54${argentine[1]}` ? `+549${argentine[1]}` : `+54${argentine[1]}`];
  return [e164];
}

/** How WhatsApp writes a number Twilio lists: +52 1 for Mexico, +54 9 for Argentina (mobiles). */
export function whatsAppForm(twilioNumber: string): string {
  const mexican = /^\+52(\d{10})$/.exec(twilioNumber);
  if (mexican) return `+521${mexican[1]}`;
  const argentine = /^\+54(\d{10})$/.exec(twilioNumber);
  if (argentine) return `+549${argentine[1]}`;
  return twilioNumber;
}
