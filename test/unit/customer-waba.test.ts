import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { checkBulkRows } from '../../src/senders/bulk/rows.js';
import { checkWabaId, wabaForCreate } from '../../src/senders/customers/waba.js';
import type { Customer } from '../../src/store/schema.js';
import { customersMessage } from '../../src/views/customers-message.js';
import { describeProblem } from '../../src/views/error-guide.js';

const MAIN = `AC${'0'.repeat(32)}`;
const SID = `AC${'ab'.repeat(16)}`;
const customer = (over: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  name: 'Acme Corp',
  accountSid: SID,
  createdBySlackUser: 'U1',
  createdAt: '2026-01-01T00:00:00Z',
  createdSubaccount: false,
  ...over,
});

describe("a customer's WABA", () => {
  it('parses customer add with a WABA, with or without an account SID, and customer waba', () => {
    expect(parseCommand('customer add "Acme Corp" waba 104567891234567', '/senders')).toEqual({
      name: 'customer_add',
      customerName: 'Acme Corp',
      wabaId: '104567891234567',
    });
    expect(parseCommand(`customer add Acme Corp ${SID} WABA 104567891234567`, '/senders')).toEqual({
      name: 'customer_add',
      customerName: 'Acme Corp',
      accountSid: SID,
      wabaId: '104567891234567',
    });
    expect(parseCommand('customer waba "Acme Corp" 104567891234567', '/senders')).toEqual({
      name: 'customer_waba',
      customer: 'Acme Corp',
      wabaId: '104567891234567',
    });
    expect(parseCommand('customer waba Acme', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/wa customer waba') });
  });

  it('takes digits only, of a WABA-like length', () => {
    expect(checkWabaId(' 104567891234567 ')).toEqual({ ok: true, wabaId: '104567891234567' });
    for (const bad of ['1234', '10456789123456x', 'waba_1', '1'.repeat(21)]) expect(checkWabaId(bad)).toMatchObject({ ok: false });
  });

  it("a customer's create joins its WABA; a customer without one is refused with the onboarding command; the main account may go without", () => {
    const known = { accountWabas: {}, customers: [customer({ wabaId: '104567891234567' })] };
    expect(wabaForCreate(known, SID, known.customers[0], '/senders')).toEqual({ ok: true, wabaId: '104567891234567' });
    const bare = customer();
    expect(wabaForCreate({ accountWabas: {}, customers: [bare] }, SID, bare, '/wa')).toMatchObject({
      ok: false,
      reason: 'no_waba',
      message: expect.stringContaining('`/wa customer onboard "Acme Corp"`'),
    });
    expect(wabaForCreate({ accountWabas: {}, customers: [] }, MAIN, undefined, '/senders')).toEqual({ ok: true });
    expect(wabaForCreate({ accountWabas: { [MAIN]: '111111111111' }, customers: [] }, MAIN, undefined, '/senders')).toEqual({
      ok: true,
      wabaId: '111111111111',
    });
  });

  it('refuses a second WABA for an account, naming both', () => {
    const c = customer({ wabaId: '222222222222' });
    const plan = wabaForCreate({ accountWabas: { [SID]: '111111111111' }, customers: [c] }, SID, c, '/senders');
    expect(plan).toMatchObject({ ok: false, reason: 'clash', message: expect.stringMatching(/111111111111.*222222222222.*63102/s) });
  });

  it('bulk: rows of a customer without a WABA are refused; rows of a customer with one carry it; a second one for its account is refused', () => {
    const withWaba = customer({ id: 'c2', name: 'Globex', accountSid: `AC${'cd'.repeat(16)}`, wabaId: '333333333333' });
    const check = checkBulkRows(
      [
        { line: 2, values: { customer: 'Acme Corp', phone_number: '+14155550100', display_name: 'Acme Store' } },
        { line: 3, values: { customer: 'Globex', phone_number: '+14155550101', display_name: 'Globex Store' } },
        { line: 4, values: { customer: 'Globex', phone_number: '+14155550102', display_name: 'Globex Store', waba_id: '444444444444' } },
        { line: 5, values: { customer: 'Globex', phone_number: '+14155550103', display_name: 'Globex Store', waba_id: 'abc' } },
      ],
      { command: '/senders', customers: [customer(), withWaba], mainAccountSid: MAIN, senders: [], accountWabas: {} },
    );
    expect(check.ready.map((r) => [r.line, r.request.wabaId])).toEqual([[3, '333333333333']]);
    expect(check.refused.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(check.refused[0]!.problem).toContain('`/senders customer onboard "Acme Corp"`');
    expect(check.refused[1]!.problem).toContain('63102');
    expect(check.refused[2]!.problem).toContain('not a WABA ID');
  });

  it("refuses a WABA another account holds: another customer's, or one seen on another account's senders", () => {
    const globex = customer({ id: 'c2', name: 'Globex', accountSid: `AC${'cd'.repeat(16)}`, wabaId: '333333333333' });
    const acme = customer({ wabaId: '333333333333' });
    expect(wabaForCreate({ accountWabas: {}, customers: [acme, globex] }, SID, acme, '/senders')).toMatchObject({
      ok: false,
      message: expect.stringContaining('already the WABA of customer "Globex"'),
    });
    const check = checkBulkRows(
      [
        { line: 2, values: { customer: 'main', phone_number: '+14155550100', display_name: 'Acme Store', waba_id: '333333333333' } },
        { line: 3, values: { customer: 'Acme Corp', phone_number: '+14155550101', display_name: 'Acme Store', waba_id: '555555555555' } },
        { line: 4, values: { customer: 'main', phone_number: '+14155550102', display_name: 'Acme Store', waba_id: '555555555555' } },
      ],
      { command: '/senders', customers: [customer(), globex], mainAccountSid: MAIN, senders: [], accountWabas: {} },
    );
    expect(check.ready.map((r) => r.line)).toEqual([3]);
    expect(check.refused.map((r) => r.problem)).toEqual([expect.stringContaining('Globex'), expect.stringContaining('earlier in this file')]);
  });

  it('`customers` shows each WABA, or how to get one', () => {
    const text = JSON.stringify(customersMessage([customer({ wabaId: '104567891234567' }), customer({ id: 'c2', name: 'Globex' })], '/wa').blocks);
    expect(text).toContain('WABA 104567891234567');
    expect(text).toContain('no WABA yet: run `/wa customer onboard Globex`');
  });

  it("explains Twilio's 63101, 63102 and 63059 with the next step", () => {
    const told = (code: number) => describeProblem({ message: 'Twilio said no', twilioCode: code, httpStatus: 400 }, '/senders');
    expect(told(63101)).toMatch(/can't use this WhatsApp Business Account.*Next step:.*customer waba/s);
    expect(told(63102)).toMatch(/already linked to another WABA.*Next step:.*separate customer/s);
    expect(told(63059)).toMatch(/moved this phone number to a different WhatsApp Business Account.*Next step:.*business portfolio/s);
    expect(
      describeProblem({ message: 'Invalid request: this account has no WhatsApp Business Account (WABA) connected', twilioCode: 63100 }, '/senders'),
    ).toContain('customer onboard');
  });
});
