import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number as every message shows it: E.164 (+14155550123), the form the records, the
 * commands and Twilio's Console use, whatever form it came in (Meta writes "+1 415-555-0123").
 * Text that is not a number is shown as it is.
 */
export function phoneText(number: string): string {
  const parsed = parsePhoneNumberFromString(number.trim());
  return parsed?.number ?? number;
}
