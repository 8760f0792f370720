import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { giveWaba, record, register } from '../support/flows.js';
import { ALICE, type Harness, harnessPerTest } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { onlineSender } from '../watcher/support.js';

const start = harnessPerTest();
const MINUTE = 60_000;
const ACME_CHANNEL = { user: ALICE.user, channel: 'C0ACME' };

const customerId = async (h: Harness, name: string) => (await stored(h)).customers.find((c) => c.name === name)!.id;

/** The CSVs the bot shared, with where they went and the comment posted with them. */
function sharedCsvs(h: Harness) {
  return [...h.slack.uploads.values()].filter((u) => u.channel).map((u) => ({ ...u, rows: parse(u.content, { columns: true }) as Record<string, string>[] }));
}

/** Numbers are written with a leading quote, as every cell starting with + is (csv-cell.ts), so a spreadsheet keeps them as text. */
const cell = (phone: string) => `'${phone}`;

const lastEphemeral = (h: Harness): string => h.slack.responses.at(-1)?.text ?? '';

/** Main account: one ONLINE sender and one waiting for its code; Acme Corp: one; a customer whose name looks like a formula: one. */
async function seeded(): Promise<Harness> {
  const h = await start({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE } });
  await h.command('customer add "Acme Corp"');
  await h.command('customer add "=HYPERLINK(1)"');
  await h.settle();
  await giveWaba(h, 'Acme Corp');
  await giveWaba(h, '=HYPERLINK(1)');
  await onlineSender(h, '+14155550100');
  await register(h, { customer: 'main', phone: '+14155550101', name: 'Main Street Bakery' });
  await register(h, { customer: await customerId(h, 'Acme Corp'), phone: '+14155550102', name: 'Acme Store' });
  await register(h, { customer: await customerId(h, '=HYPERLINK(1)'), phone: '+14155550103', name: 'Formula Shop' });
  return h;
}

describe('/senders export', () => {
  it('shares a CSV of every sender in the channel where it was typed, one line each with its status, quality, limit, name and dates', async () => {
    const h = await seeded();
    await h.command('export');
    await h.settle();

    expect(lastEphemeral(h)).toContain('Preparing the CSV of 4 senders');
    const [file, ...others] = sharedCsvs(h);
    expect(others).toEqual([]);
    expect(file!.channel).toBe(ALICE.channel);
    expect(file!.title).toContain('WhatsApp senders');
    const comment = h.slack.callsOf('files.completeUploadExternal').at(-1)!.args.initial_comment as string;
    expect(comment).toContain(`<@${ALICE.user}> exported 4 senders of every customer`);

    expect(Object.keys(file!.rows[0]!)).toEqual([
      'customer',
      'phone_number',
      'sender_sid',
      'status',
      'quality_rating',
      'messaging_limit',
      'display_name',
      'state',
      'created_at',
      'updated_at',
      'online_since',
      'meta_status',
      'meta_name_status',
      'meta_name_reason',
      'meta_quality',
      'meta_limit',
      'meta_can_send',
      'meta_errors',
    ]);
    expect(file!.rows.map((r) => r.phone_number).sort()).toEqual(['+14155550100', '+14155550101', '+14155550102', '+14155550103'].map(cell));
    const online = file!.rows.find((r) => r.phone_number === cell('+14155550100'))!;
    const stored = await record(h, '+14155550100');
    expect(online).toMatchObject({
      customer: 'Main account',
      sender_sid: stored.sid,
      status: 'ONLINE',
      quality_rating: 'HIGH',
      display_name: 'Acme Store',
      state: 'online',
      created_at: stored.createdAt,
    });
    expect(online.messaging_limit).toBeTruthy();
    expect(online.online_since).toBe(stored.statusHistory.at(-1)!.at);
    const waiting = file!.rows.find((r) => r.phone_number === cell('+14155550101'))!;
    expect(waiting).toMatchObject({ state: 'awaiting_code', online_since: '' });
    // Without a Meta system user the bot knows nothing of Meta's view: its columns stay empty.
    expect([online.meta_status, online.meta_can_send, online.meta_errors]).toEqual(['', '', '']);
    expect(file!.rows.find((r) => r.phone_number === cell('+14155550102'))!.customer).toBe('Acme Corp');
    // A cell a spreadsheet would run as a formula is made inert.
    expect(file!.rows.find((r) => r.phone_number === cell('+14155550103'))!.customer).toBe("'=HYPERLINK(1)");
  });

  it("exports one customer's senders when named, and a channel bound to a customer only that customer's", async () => {
    const h = await seeded();
    await h.command('export acme corp');
    await h.settle();
    expect(
      sharedCsvs(h)
        .at(-1)!
        .rows.map((r) => r.phone_number),
    ).toEqual([cell('+14155550102')]);

    await h.command('export main');
    await h.settle();
    expect(
      sharedCsvs(h)
        .at(-1)!
        .rows.map((r) => r.phone_number)
        .sort(),
    ).toEqual(['+14155550100', '+14155550101'].map(cell));

    await h.command('channel bind "Acme Corp"', ACME_CHANNEL);
    await h.settle();
    const before = sharedCsvs(h).length;
    await h.command('export', ACME_CHANNEL);
    await h.settle();
    const bound = sharedCsvs(h).at(-1)!;
    expect(bound.channel).toBe('C0ACME');
    expect(bound.rows.map((r) => r.phone_number)).toEqual([cell('+14155550102')]);

    await h.command('export main', ACME_CHANNEL);
    await h.settle();
    expect(lastEphemeral(h)).toContain('bound to *Acme Corp*');
    await h.command('export nobody', ACME_CHANNEL);
    await h.settle();
    expect(lastEphemeral(h)).toContain('No customer "nobody"');
    expect(sharedCsvs(h)).toHaveLength(before + 1);
  });

  it('tells the person why when Slack will not take the file here, and refuses people without read access', async () => {
    const h = await start({ access: { allowedUsers: [ALICE.user], readOnlyOpen: false } });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });

    h.slack.fault('files.completeUploadExternal', { error: 'not_in_channel' }, { times: 2 });
    await h.command('export', { user: ALICE.user, channel: 'D0SOMEONE' });
    await h.settle();
    expect(lastEphemeral(h)).toContain('does not let the bot share files in this conversation');
    expect(sharedCsvs(h)).toEqual([]);

    await h.command('export', { user: 'U0MALLORY', channel: ALICE.channel });
    await h.settle();
    expect(lastEphemeral(h)).toContain('Only the people allowed');
    expect(sharedCsvs(h)).toEqual([]);
  });

  it('answers with the next step when there is nothing to export', async () => {
    const h = await start();
    await h.command('export');
    await h.settle();
    expect(lastEphemeral(h)).toContain('no senders to export yet');
    expect(h.slack.callsOf('files.getUploadURLExternal')).toEqual([]);
  });
});
