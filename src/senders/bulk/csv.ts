import { WEBHOOK_FIELDS } from '../profile/index.js';
import { MAX_CSV_BYTES, readCsvRecords } from './csv-records.js';

/** Columns a bulk CSV may have; the first three are required. */
export const BULK_COLUMNS = [
  'customer',
  'phone_number',
  'display_name',
  'verification_method',
  'voice_email',
  'waba_id',
  'about',
  'description',
  'address',
  'emails',
  'vertical',
  'logo_url',
  'websites',
  ...WEBHOOK_FIELDS,
] as const;

export type BulkColumn = (typeof BULK_COLUMNS)[number];
export const REQUIRED_COLUMNS: BulkColumn[] = ['customer', 'phone_number', 'display_name'];

const ALIASES: Record<string, BulkColumn> = {
  phone: 'phone_number',
  number: 'phone_number',
  name: 'display_name',
  profile_name: 'display_name',
  method: 'verification_method',
  email_for_voice_code: 'voice_email',
};

export const MAX_BULK_ROWS = 10_000;
export const MAX_BULK_BYTES = MAX_CSV_BYTES;

export const BULK_TEMPLATE = [
  'customer,phone_number,display_name,verification_method,voice_email,about,emails,vertical,websites',
  'Acme Corp,+14155550100,Acme Store,sms,,We sell anvils,hello@acme.example,Shopping and Retail,https://acme.example',
  'AC0123456789abcdef0123456789abcdef,+44 7911 123456,Globex,voice,,,,,',
  'main,+1 415 555 0111,Initech Support,,ops@isv.example,,,,',
].join('\n');

export interface CsvRow {
  line: number;
  values: Partial<Record<BulkColumn, string>>;
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; message: string };

const normalizeHeader = (h: string) => {
  const key = h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (ALIASES[key] ?? key) as string;
};

/** Reads a bulk CSV. Anything that is not a usable CSV gets one message saying what to fix. */
export function parseBulkCsv(text: string): CsvResult {
  const read = readCsvRecords(
    text,
    normalizeHeader,
    `The file is larger than ${MAX_BULK_BYTES / 1024 / 1024} MB. Split it into several files of at most ${MAX_BULK_ROWS.toLocaleString('en')} rows.`,
  );
  if (!read.ok) return read;
  const { records, headers } = read;
  const unknown = headers.filter((h) => !(BULK_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !headers.includes(c));
  if (headers.length === 0) return { ok: false, message: `The CSV is empty. The first line must name the columns: ${REQUIRED_COLUMNS.join(', ')}.` };
  if (unknown.length || missing.length) {
    const parts = [];
    if (unknown.length) parts.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(', ')}`);
    if (missing.length) parts.push(`missing ${missing.join(', ')}`);
    return { ok: false, message: `The header line has ${parts.join(' and ')}. Columns allowed: ${BULK_COLUMNS.join(', ')} (the first three are required).` };
  }
  if (records.length === 0) return { ok: false, message: 'The CSV has a header but no rows.' };
  if (records.length > MAX_BULK_ROWS) {
    return {
      ok: false,
      message: `The CSV has ${records.length.toLocaleString('en')} rows; the most in one run is ${MAX_BULK_ROWS.toLocaleString('en')}. Split it into several files.`,
    };
  }
  return { ok: true, rows: records.map(({ record, info }) => ({ line: info.lines, values: record as CsvRow['values'] })) };
}
