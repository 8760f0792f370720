import { describe, expect, it } from 'vitest';
import { parseBulkCsv } from '../../src/senders/bulk/csv.js';
import { checkBulkRows } from '../../src/senders/bulk/rows.js';
import { createBodyFor } from '../../src/senders/registration/create-body.js';
import { senderRecord } from '../support/sender-record.js';

const MAIN = `AC${'0'.repeat(32)}`;
const rowsOf = (csv: string) => {
  const parsed = parseBulkCsv(csv);
  if (!parsed.ok) throw new Error(parsed.message);
  return checkBulkRows(parsed.rows, { command: '/senders', customers: [], mainAccountSid: MAIN, senders: [], accountWabas: {} });
};

describe('bulk CSV webhook and labelled columns', () => {
  it('takes fallback_url, fallback_method, status_callback_method, and emails and websites with labels, as a create sends them', () => {
    const check = rowsOf(
      [
        'customer,phone_number,display_name,emails,websites,callback_url,fallback_url,fallback_method,status_callback_url,status_callback_method',
        'main,+14155550100,Acme Store,"Support: help@acme.example, sales@acme.example",Shop: https://acme.example,https://hooks.acme.example/in,https://backup.acme.example/in,put,https://hooks.acme.example/status,POST',
      ].join('\n'),
    );
    expect(check.refused).toEqual([]);
    const request = check.ready[0]!.request;
    const body = createBodyFor(senderRecord({ phoneNumber: '+14155550100', profile: request.profile, webhook: request.webhook }), 'sms');
    expect(body.profile).toMatchObject({
      emails: [{ email: 'help@acme.example', label: 'Support' }, { email: 'sales@acme.example' }],
      websites: [{ website: 'https://acme.example', label: 'Shop' }],
    });
    expect(body.webhook).toEqual({
      callback_url: 'https://hooks.acme.example/in',
      fallback_url: 'https://backup.acme.example/in',
      fallback_method: 'PUT',
      status_callback_url: 'https://hooks.acme.example/status',
      status_callback_method: 'POST',
    });
  });

  it('refuses a method other than POST or PUT, naming the column', () => {
    const check = rowsOf(['customer,phone_number,display_name,fallback_url,fallback_method', 'main,+14155550100,Acme Store,https://b.example,GET'].join('\n'));
    expect(check.refused[0]!.problem).toContain('fallback_method "GET" must be POST, PUT or empty');
  });

  it('refuses a status callback method without its URL', () => {
    const check = rowsOf(['customer,phone_number,display_name,status_callback_method', 'main,+14155550100,Acme Store,POST'].join('\n'));
    expect(check.refused[0]!.problem).toContain('status callback URL');
  });
});
