import type { ParsedCommand } from './parse.js';

const USAGE = (command: string) =>
  `Use \`${command} numbers search <country> [area code or digits] [sms|voice]\`, e.g. \`${command} numbers search US 415 sms\` or \`${command} numbers search GB\`.`;

/** `numbers search <country> [area code or digits] [sms|voice]`, in any order after the country. */
export function parseNumbersSearch(args: string[], command: string): ParsedCommand {
  const [verb, country, ...rest] = args;
  if (verb?.toLowerCase() !== 'search') return { name: 'invalid', message: USAGE(command) };
  if (!country || !/^[a-z]{2}$/i.test(country)) {
    return { name: 'invalid', message: `Give the country as its two-letter code (US, GB, MX…). ${USAGE(command)}` };
  }
  let digits: string | undefined;
  let capability: 'sms' | 'voice' | undefined;
  for (const word of rest) {
    const lower = word.toLowerCase();
    if (lower === 'sms' || lower === 'voice') capability = lower;
    else if (/^[\d*]{1,16}$/.test(word)) digits = word;
    else return { name: 'invalid', message: `"${word.slice(0, 40)}" is neither digits nor sms/voice. ${USAGE(command)}` };
  }
  return { name: 'numbers_search', search: { country: country.toUpperCase(), digits, capability } };
}
