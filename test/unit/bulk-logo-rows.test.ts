import { describe, expect, it } from 'vitest';
import { refuseBadLogos } from '../../src/senders/bulk/logo-rows.js';
import type { ReadyRow } from '../../src/senders/bulk/rows.js';
import type { SendersContext } from '../../src/senders/context.js';

const row = (line: number, logo_url?: string): ReadyRow => ({
  line,
  request: { accountSid: 'AC1', phoneNumber: `+1415555010${line}`, profile: { name: 'Acme Store', ...(logo_url ? { logo_url } : {}) }, webhook: {} },
});

describe('logos in a bulk file', () => {
  it('checks each distinct logo once and refuses only the rows whose logo fails, saying which rule', async () => {
    const checked: string[] = [];
    const ctx = {
      checkLogo: async (url: string) => {
        checked.push(url);
        return url.endsWith('wide.png')
          ? { ok: false as const, rule: 'not_square' as const, message: 'The logo is 800 × 600: WhatsApp wants a square image.' }
          : { ok: true as const, width: 640, height: 640 };
      },
    } as unknown as SendersContext;
    const check = await refuseBadLogos(ctx, {
      ready: [row(2, 'https://cdn.example/logo.png'), row(3, 'https://cdn.example/wide.png'), row(4, 'https://cdn.example/logo.png'), row(5)],
      refused: [{ line: 6, problem: 'customer is empty' }],
      warnings: [{ line: 3, problem: 'generic word' }],
    });
    expect(checked.sort()).toEqual(['https://cdn.example/logo.png', 'https://cdn.example/wide.png']);
    expect(check.ready.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(check.refused).toEqual([
      { line: 3, problem: 'logo_url: The logo is 800 × 600: WhatsApp wants a square image.', number: '+14155550103' },
      { line: 6, problem: 'customer is empty' },
    ]);
    expect(check.warnings).toEqual([]);
  });
});
