import { describe, expect, it } from 'vitest';
import { changedFields, rowBody, rowChanges } from '../../src/senders/bulk-update/update-body.js';
import { parseUpdateCsv, type UpdateRowInput } from '../../src/senders/bulk-update/update-csv.js';
import type { SenderWire } from '../../src/twilio/wire.js';
import { senderRecord } from '../support/sender-record.js';

const SID = 'XE0123456789abcdef0123456789abcdef';

const rows = (csv: string) => {
  const parsed = parseUpdateCsv(csv);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
};

describe('bulk update CSV rules', () => {
  it('an empty cell keeps the value, - clears it, a value sets it', () => {
    const { rows: read } = rows(`sid,about,callback_url,websites\n${SID},,https://new.example/hook,-`);
    expect(read).toEqual<UpdateRowInput[]>([{ line: 2, sid: SID, wanted: { callback_url: 'https://new.example/hook', websites: null } }]);
  });

  it('names the sender by sid or number, in either column', () => {
    const { rows: read } = rows(`sid,callback_url\nxe0123456789ABCDEF0123456789abcdef,https://a.example\n+1 415 555 0100,https://a.example`);
    expect(read.map((r) => [r.sid, r.number])).toEqual([
      [SID, undefined],
      [undefined, '+14155550100'],
    ]);
    expect(rows(`phone_number,about\n(415) 555-0100,Hi`).refused[0]!.problem).toContain('country code');
  });

  it('refuses a bad row with its line and fix, and never the others', () => {
    const csv = [
      'sid,callback_url,callback_method,status_callback_method,vertical,emails',
      `${SID},ftp://x.example,,,,`,
      `${SID},,GET,,,`,
      `${SID},,,PATCH,,`,
      `${SID},,,,Spaceships,`,
      `${SID},,,,,not-an-email`,
      `XE12,https://a.example,,,,`,
      `,https://a.example,,,,`,
      `${SID},,,,,`,
      `${SID},https://ok.example,put,put,shopping and retail,Support: help@acme.example`,
    ].join('\n');
    const { rows: read, refused } = rows(csv);
    expect(refused.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(refused[0]!.problem).toContain('callback_url "ftp://x.example" must be a full web address starting with https://');
    expect(refused[1]!.problem).toContain('callback_method "GET" must be POST, PUT');
    expect(refused[2]!.problem).toContain('status_callback_method "PATCH" must be POST, PUT');
    expect(refused[3]!.problem).toContain('vertical "Spaceships" is not one of');
    expect(refused[4]!.problem).toContain('"not-an-email" is not an email address');
    expect(refused[5]!.problem).toContain('is not a sender SID');
    expect(refused[6]!.problem).toContain('the sender is missing');
    expect(refused[7]!.problem).toContain('nothing to change');
    expect(read).toEqual([
      {
        line: 10,
        sid: SID,
        wanted: {
          callback_url: 'https://ok.example',
          callback_method: 'PUT',
          status_callback_method: 'PUT',
          vertical: 'Shopping and Retail',
          emails: ['Support: help@acme.example'],
        },
      },
    ]);
  });

  it('refuses a row with a value in an unknown column, and reads the others; reads past an export’s own columns', () => {
    const csv = ['sid,calback_url,callback_url,status,display_name', `${SID},https://a.example,,ONLINE,Acme`, `${SID},,https://a.example,ONLINE,Acme`].join(
      '\n',
    );
    const { rows: read, refused } = rows(csv);
    expect(refused).toEqual([expect.objectContaining({ line: 2, problem: expect.stringContaining('column "calback_url" is unknown: rename to one of') })]);
    expect(read).toEqual([{ line: 3, sid: SID, wanted: { callback_url: 'https://a.example' } }]);
  });

  it('refuses a whole file only when it cannot be read: no sender column, not CSV, no rows', () => {
    const noKey = parseUpdateCsv('customer,callback_url\nAcme,https://a.example');
    expect(noKey.ok).toBe(false);
    expect(!noKey.ok && noKey.message).toContain('must have a sid or a number column');
    expect(parseUpdateCsv('sid,about\n"XE1,x').ok).toBe(false);
    expect(parseUpdateCsv('sid,about\n').ok).toBe(false);
  });

  it('logo_url must be https; websites too', () => {
    const { refused } = rows(`sid,logo_url\n${SID},http://cdn.example/logo.png`);
    expect(refused[0]!.problem).toContain('logo_url must be a full web address starting with https://');
  });
});

describe('what a bulk update row sends', () => {
  const current: SenderWire = {
    sid: SID,
    status: 'ONLINE',
    sender_id: 'whatsapp:+14155550100',
    profile: { name: 'Acme Store', about: 'We sell anvils', emails: [{ email: 'a@acme.example' }] },
    webhook: { callback_url: 'https://old.example', callback_method: 'POST' },
  };

  it('only the fields that differ from what Twilio holds, a cleared one as null, never the name', () => {
    const body = rowBody(
      rowChanges(current, { callback_url: 'https://new.example', callback_method: 'POST', about: null, emails: ['a@acme.example'], fallback_url: null }),
    );
    expect(body).toEqual({ profile: { about: null }, webhook: { callback_url: 'https://new.example' } });
  });

  it('nothing when Twilio already holds every value', () => {
    expect(rowChanges(current, { callback_url: 'https://old.example', about: 'We sell anvils' })).toEqual([]);
  });

  it('counts the fields that change against what the bot knows, for the preview', () => {
    const record = senderRecord({ profile: { name: 'Acme Store', about: 'We sell anvils' }, webhook: { callback_url: 'https://old.example' } });
    expect(changedFields(record, { callback_url: 'https://new.example', about: 'We sell anvils', fallback_url: null })).toEqual(['callback_url']);
  });
});
