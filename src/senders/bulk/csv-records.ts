import { CsvError, parse } from 'csv-parse/sync';

/** The size limit of a bulk CSV, whole. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export type CsvRecord = { record: Record<string, string>; info: { lines: number } };

/**
 * A bulk CSV's rows, keyed by its header's names as `normalizeHeader` writes them, each with its
 * line; or why the text is not a CSV the bot can read at all (too big, binary, malformed).
 */
export function readCsvRecords(
  text: string,
  normalizeHeader: (header: string) => string,
  tooBig: string,
): { ok: true; records: CsvRecord[]; headers: string[] } | { ok: false; message: string } {
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES) return { ok: false, message: tooBig };
  if (text.includes('\u0000'))
    return { ok: false, message: 'This is not a CSV text file (it has binary content). Export the sheet as CSV (UTF-8) and try again.' };
  let headers: string[] = [];
  try {
    const records = parse(text, {
      bom: true,
      columns: (header: string[]) => (headers = header.map(normalizeHeader)),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_quotes: false,
    }) as CsvRecord[];
    return { ok: true, records, headers };
  } catch (error) {
    const lines = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    return {
      ok: false,
      message: `This is not valid CSV${lines ? ` at line ${lines}` : ''}: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}. Check the quotes and that every row has as many commas as the header.`,
    };
  }
}
