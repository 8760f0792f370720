import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { BULK_COLUMNS, type CsvRow } from '../../src/senders/bulk/csv.js';
import { checkBulkRows } from '../../src/senders/bulk/rows.js';
import { cleanCode } from '../../src/senders/codes/submit.js';
import { normalizePhone } from '../../src/senders/numbers/phone.js';
import { checkDisplayName } from '../../src/senders/registration/display-name.js';
import { checkRegistrationForm, type RegistrationFormValues } from '../../src/senders/registration/form.js';
import { senderKey } from '../../src/senders/watch/lookup.js';

const MAIN = `AC${'0'.repeat(32)}`;

/** Text shaped to make a backtracking pattern try every split: repeated separators, runs of one class. */
const SHAPES: Record<string, (size: number) => string> = {
  'a@ repeated': (n) => fill('a@', n),
  spaces: (n) => fill(' ', n),
  'a. repeated': (n) => fill('a.', n),
  '@@@': (n) => fill('@', n),
  digits: (n) => fill('1', n),
  'plus and digits': (n) => `+${fill('1', n - 1)}`,
  'a word then spaces': (n) => `wat${fill(' ', n - 4)}x`,
  'a digit, spaces, a letter': (n) => `1${fill(' ', n - 2)}a`,
  'a- repeated': (n) => fill('a-', n),
  'a@b. repeated': (n) => fill('a@b.', n),
  'x1 repeated': (n) => fill('x1 ', n),
  'https:// repeated': (n) => fill('https://', n),
  'quotes and words': (n) => fill('"a ', n),
  'commas and semicolons': (n) => fill('a,;', n),
  'digits then %': (n) => `${fill('9', n - 1)}!`,
};

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const VALID: RegistrationFormValues = { customer: 'main', phone: '+14155550100', name: 'Acme Store' };
const FORM_FIELDS = [
  'customer',
  'phone',
  'name',
  'method',
  'voice_email',
  'about',
  'description',
  'address',
  'emails',
  'vertical',
  'logo_url',
  'websites',
  'callback_url',
  'callback_method',
  'status_callback_url',
] as const;
const VALID_ROW = { customer: 'main', phone_number: '+14155550100', display_name: 'Acme Store' };
const rowCheck = (values: CsvRow['values']) =>
  checkBulkRows([{ line: 2, values }], { command: '/senders', customers: [], mainAccountSid: MAIN, senders: [], accountWabas: {} });

/** Every rule and check that runs on what people type, paste or upload. */
const CHECKS: Record<string, (text: string) => unknown> = {
  'display name': (text) => checkDisplayName(text),
  'display name against websites': (text) => checkDisplayName('Acme Store', [text]),
  'phone normalisation': (text) => normalizePhone(text),
  'status/watch/delete target': (text) => senderKey(text),
  'verification code': (text) => cleanCode(text),
  'registration form, every field at once': (text) => checkRegistrationForm(Object.fromEntries(FORM_FIELDS.map((f) => [f, text])), [], MAIN, '/senders'),
  'registration form, one field at a time': (text) => FORM_FIELDS.map((field) => checkRegistrationForm({ ...VALID, [field]: text }, [], MAIN, '/senders')),
  'bulk CSV row, every cell at once': (text) => rowCheck(Object.fromEntries(BULK_COLUMNS.map((c) => [c, text]))),
  'bulk CSV row, one cell at a time': (text) => BULK_COLUMNS.map((column) => rowCheck({ ...VALID_ROW, [column]: text })),
  'command parser': (text) => ['', 'status ', 'customer add ', 'channel bind ', 'bulk '].map((prefix) => parseCommand(prefix + text, '/senders')),
};

// Growing sizes: a pattern that backtracks fails at the first size where it is slow, instead
// of holding the test for hours on the largest input. A backtracking pattern takes seconds to
// hours on these inputs; a linear check takes a few milliseconds. The bound sits far from both,
// and the fastest of three runs is taken, so a busy machine does not fail a linear check.
const SIZES = [1_000, 10_000, 100_000];
const RUNS = 3;
const BOUND_MS = 250;

function fastestRun(check: (text: string) => unknown, text: string): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    check(text);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

describe('checks on hostile input take bounded time', () => {
  it.each(Object.keys(CHECKS))(`%s answers within ${BOUND_MS} ms for 100 KB of any shape`, (name) => {
    const check = CHECKS[name]!;
    check('warm-up +1 415 555 0100 a@b.c');
    for (const size of SIZES) {
      for (const [shape, make] of Object.entries(SHAPES)) {
        const ms = fastestRun(check, make(size));
        expect(ms, `${name} on ${size.toLocaleString('en')} characters of ${shape}`).toBeLessThan(BOUND_MS);
      }
    }
  });

  it('says the field is too long instead of checking it', () => {
    const long = 'a@'.repeat(1_500);
    expect(checkDisplayName(long).errors).toEqual(['Use at most 255 characters; this has 3,000.']);
    expect(normalizePhone(`+1${'5'.repeat(100)}`)).toMatchObject({ ok: false, error: expect.stringContaining('too long for a phone number') });
    const form = checkRegistrationForm({ ...VALID, voice_email: long, emails: long, websites: long, logo_url: long }, [], MAIN, '/senders');
    expect(form.ok).toBe(false);
    if (!form.ok) for (const field of ['voice_email', 'emails', 'websites', 'logo_url']) expect(form.errors[field]).toContain('too long');
    expect(rowCheck({ ...VALID_ROW, customer: long }).refused[0]!.problem).toContain('customer is too long');
    expect(parseCommand(`status ${long}`, '/senders')).toMatchObject({ name: 'invalid', message: expect.stringContaining('a command is at most 1,000') });
  });

  it('still checks a name just over the limit for its other problems', () => {
    const errors = checkDisplayName(`Acme WhatsApp ${'x'.repeat(250)}`).errors.join(' ');
    expect(errors).toContain('at most 255');
    expect(errors).toContain('WhatsApp');
  });
});
