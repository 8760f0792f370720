import { z } from 'zod';
import type { BulkRowProblem } from '../../store/schema.js';
import { MAX_BULK_BYTES, MAX_BULK_ROWS } from '../bulk/csv.js';
import { readCsvRecords } from '../bulk/csv-records.js';
import { EXPORT_COLUMNS } from '../export/sender-export.js';
import { LONGEST } from '../input-limits.js';
import { normalizePhone } from '../numbers/phone.js';
import { labelledEntry, PROFILE_FIELDS, splitEntries, WEBHOOK_FIELDS } from '../profile/index.js';
import { LIMITS } from '../registration/form.js';
import { VERTICALS } from '../registration/verticals.js';

/** The profile and webhook fields a bulk update may change (never profile.name: that is a reviewed display-name change). */
export const UPDATE_FIELDS = [...PROFILE_FIELDS, ...WEBHOOK_FIELDS] as const;

export type UpdateField = (typeof UPDATE_FIELDS)[number];

/** A field's new value: text, a list (emails, websites), or null to clear it. */
export type UpdateValue = string | string[] | null;
export type WantedValues = Partial<Record<UpdateField, UpdateValue>>;

/** The cell that clears a field; an empty cell keeps it. */
export const CLEAR = '-';

export const UPDATE_TEMPLATE = ['sid,callback_url', 'XE0123456789abcdef0123456789abcdef,https://platform.example/whatsapp/inbound'].join('\n');

/** Columns of the bot's export the update reads past (they are not changed here; display_name is a reviewed change of its own). */
export const IGNORED_EXPORT_COLUMNS = EXPORT_COLUMNS.filter((c) => c !== 'sender_sid' && c !== 'phone_number');

export interface UpdateRowInput {
  line: number;
  /** How the row names its sender: an XE sid, or a number in E.164. */
  sid?: string;
  number?: string;
  wanted: WantedValues;
}

export type UpdateCsvResult = { ok: true; rows: UpdateRowInput[]; refused: BulkRowProblem[] } | { ok: false; message: string };

const ALIASES: Record<string, string> = {
  sender_sid: 'sid',
  phone: 'number',
  phone_number: 'number',
  webhook_url: 'callback_url',
  website: 'websites',
  email: 'emails',
};

const SID = /^XE[0-9a-f]{32}$/i;
const webUrl = z.url({ protocol: /^https?$/ });
const httpsUrl = z.url({ protocol: /^https$/ });
const email = z.email();
const METHODS: Partial<Record<UpdateField, readonly string[]>> = {
  callback_method: ['POST', 'PUT'],
  fallback_method: ['POST', 'PUT'],
  status_callback_method: ['POST', 'PUT'],
};
const TEXT_LIMITS: Partial<Record<UpdateField, number>> = { about: LIMITS.about, description: LIMITS.description, address: LIMITS.address };

const normalizeHeader = (h: string) => {
  const key = h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return ALIASES[key] ?? key;
};

/** One cell's value, or why it cannot be used. */
function readCell(field: UpdateField, cell: string): { ok: true; value: UpdateValue } | { ok: false; problem: string } {
  if (cell === CLEAR) return { ok: true, value: null };
  const longest = field === 'emails' ? LONGEST.emailList : field === 'websites' ? LONGEST.websiteList : (TEXT_LIMITS[field] ?? LONGEST.url);
  if (cell.length > longest) return { ok: false, problem: `${field} is too long: at most ${longest} characters (it has ${cell.length.toLocaleString('en')}).` };
  const methods = METHODS[field];
  if (methods) {
    const method = cell.toUpperCase();
    return methods.includes(method)
      ? { ok: true, value: method }
      : { ok: false, problem: `${field} "${cell.slice(0, 20)}" must be ${methods.join(', ')}, or - to clear it.` };
  }
  if (field === 'emails' || field === 'websites') {
    const items = splitEntries(cell);
    const bad = items.map((item) => labelledEntry(item).value).find((item) => !(field === 'emails' ? email : httpsUrl).safeParse(item).success);
    if (bad)
      return {
        ok: false,
        problem: `${field}: "${bad.slice(0, 80)}" is not ${field === 'emails' ? 'an email address' : 'a web address starting with https://'}. Separate several with commas; a label goes before the address (Support: help@acme.example).`,
      };
    if (items.length > LIMITS[field])
      return { ok: false, problem: `${field}: WhatsApp shows at most ${LIMITS[field]}; remove ${items.length - LIMITS[field]}.` };
    return { ok: true, value: items };
  }
  if (field === 'vertical') {
    const vertical = VERTICALS.find((v) => v.toLowerCase() === cell.toLowerCase());
    return vertical
      ? { ok: true, value: vertical }
      : { ok: false, problem: `vertical "${cell.slice(0, 40)}" is not one of WhatsApp's: ${VERTICALS.join(', ')}.` };
  }
  if (field === 'logo_url')
    return httpsUrl.safeParse(cell).success ? { ok: true, value: cell } : { ok: false, problem: 'logo_url must be a full web address starting with https://.' };
  if (field.endsWith('_url'))
    return webUrl.safeParse(cell).success
      ? { ok: true, value: cell }
      : { ok: false, problem: `${field} "${cell.slice(0, 80)}" must be a full web address starting with https:// (or - to clear it).` };
  return { ok: true, value: cell };
}

/** A row's own problems, all at once, so one fix of the file covers them. */
function readRow(record: Record<string, string>, line: number, unknown: string[]): { row: UpdateRowInput } | { problem: BulkRowProblem } {
  const sidCell = record.sid ?? '';
  const numberCell = record.number ?? '';
  const named = sidCell || numberCell;
  const problems: string[] = [];
  const row: UpdateRowInput = { line, wanted: {} };
  // Either column may hold either form: a sheet mixing SIDs and numbers in one column is read as meant.
  if (named) {
    const phone = SID.test(named) ? undefined : normalizePhone(named.slice(0, LONGEST.phone));
    if (!phone) row.sid = `XE${named.slice(2).toLowerCase()}`;
    else if (phone.ok) row.number = phone.e164;
    else if (/^XE/i.test(named)) problems.push(`"${named.slice(0, 40)}" is not a sender SID: XE followed by 32 letters and digits.`);
    else problems.push(`"${named.slice(0, 40)}" is neither a sender SID (XE…) nor a phone number: ${phone.error}`);
  } else problems.push('the sender is missing: give its sid (XE…) or its number.');
  const stray = unknown.filter((column) => record[column]);
  if (stray.length)
    problems.push(
      `column${stray.length > 1 ? 's' : ''} ${stray.map((c) => `"${c.slice(0, 40)}"`).join(', ')} ${stray.length > 1 ? 'are' : 'is'} unknown: rename to one of ${UPDATE_FIELDS.join(', ')}.`,
    );
  for (const field of UPDATE_FIELDS) {
    const cell = record[field] ?? '';
    if (!cell) continue;
    const read = readCell(field, cell);
    if (read.ok) row.wanted[field] = read.value;
    else problems.push(read.problem);
  }
  if (!problems.length && Object.keys(row.wanted).length === 0)
    problems.push(`nothing to change: fill at least one of ${UPDATE_FIELDS.join(', ')} (- clears a field).`);
  if (problems.length) return { problem: { line, problem: problems.join(' '), number: named.slice(0, 40) || undefined } };
  return { row };
}

/**
 * Reads a bulk update CSV. Only a file that cannot be read at all (not CSV, no sid or number
 * column, too big) is refused whole; every other problem refuses its own row, with its line.
 */
export function parseUpdateCsv(text: string): UpdateCsvResult {
  const read = readCsvRecords(text, normalizeHeader, `The file is larger than ${MAX_BULK_BYTES / 1024 / 1024} MB. Split it into several files.`);
  if (!read.ok) return read;
  const { records, headers } = read;
  if (!headers.includes('sid') && !headers.includes('number'))
    return {
      ok: false,
      message: `The header line must have a sid or a number column (the sender to change), plus any of: ${UPDATE_FIELDS.join(', ')}. For example:\n${UPDATE_TEMPLATE}`,
    };
  if (records.length === 0) return { ok: false, message: 'The CSV has a header but no rows.' };
  if (records.length > MAX_BULK_ROWS)
    return {
      ok: false,
      message: `The CSV has ${records.length.toLocaleString('en')} rows; the most in one run is ${MAX_BULK_ROWS.toLocaleString('en')}. Split it into several files.`,
    };
  // The other columns of the bot's own export are read past, so an export with a new column added can be uploaded as is.
  const known = new Set<string>(['sid', 'number', ...UPDATE_FIELDS, ...IGNORED_EXPORT_COLUMNS]);
  const unknown = headers.filter((h) => !known.has(h));
  const rows: UpdateRowInput[] = [];
  const refused: BulkRowProblem[] = [];
  for (const { record, info } of records) {
    const read = readRow(record, info.lines, unknown);
    if ('row' in read) rows.push(read.row);
    else refused.push(read.problem);
  }
  return { ok: true, rows, refused };
}

/** What the upload form tells about the file, handed to the view as data. */
export interface UpdateCsvHelp {
  fields: readonly string[];
  clear: string;
  template: string;
  maxRows: number;
}

export const UPDATE_CSV_HELP: UpdateCsvHelp = { fields: UPDATE_FIELDS, clear: CLEAR, template: UPDATE_TEMPLATE, maxRows: MAX_BULK_ROWS };
