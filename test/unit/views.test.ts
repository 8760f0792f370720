import { describe, expect, it } from 'vitest';
import { MAIN_ACCOUNT, MORE_CUSTOMERS } from '../../src/senders/registration/form.js';
import type { Customer, SenderRecord } from '../../src/store/schema.js';
import { customerOptions } from '../../src/views/customer-options.js';
import { customersMessage } from '../../src/views/customers-message.js';
import { helpMessage } from '../../src/views/help-message.js';
import { ACTION } from '../../src/views/ids.js';
import { LIST_PAGE_SIZE, type ListPage, listMessage, listStatusOrder } from '../../src/views/list-message.js';
import { noticeModal } from '../../src/views/notice-modal.js';
import { otpModal } from '../../src/views/otp-modal.js';
import { readRegistrationValues, registrationModal } from '../../src/views/registration-modal.js';
import { senderMessage } from '../../src/views/sender-message.js';
import { statusMessage } from '../../src/views/status-message.js';
import { blockKitViolations } from '../support/block-kit.js';
import { stateValues } from '../support/harness.js';
import { senderRecord } from '../support/sender-record.js';

const MAIN = `AC${'0'.repeat(32)}`;
const customers = (n: number): Customer[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    name: `Customer number ${i} with a rather long name to test clipping of option text`,
    accountSid: `AC${String(i).padStart(32, '0')}`,
    createdBySlackUser: 'U1',
    createdAt: '2026-11-25T00:00:00Z',
    createdSubaccount: true,
  }));

const sender = (over: Partial<SenderRecord> = {}): SenderRecord =>
  senderRecord({
    sid: `XE${'a'.repeat(32)}`,
    accountSid: MAIN,
    state: 'awaiting_code',
    status: 'PENDING_VERIFICATION',
    statusHistory: Array.from({ length: 40 }, (_, i) => ({ status: i % 2 ? 'OFFLINE' : 'VERIFYING', at: '2026-11-25T12:00:00.000Z' })),
    profile: { name: 'Acme <Store> & Co' },
    createdAt: '2026-11-25T12:00:00.000Z',
    otp: { codeAttempts: 2, resends: 1 },
    offlineReasons: Array.from({ length: 30 }, () => ({ code: '63124', message: 'm'.repeat(300), more_info: 'https://www.twilio.com/docs/errors/63124' })),
    lastError: { code: 63100, message: 'e'.repeat(5000) },
    ...over,
  });

describe('view builders stay within Slack limits', () => {
  it('registration modal, with hundreds of customers, long values and a notice', () => {
    const values = { customer: 'c250', phone: '+1'.repeat(100), name: 'n'.repeat(400), about: 'a'.repeat(500), vertical: 'Restaurant', callback_method: 'PUT' };
    const view = registrationModal({
      customers: customers(300),
      mainAccountSid: MAIN,
      metadata: { channel: 'C1', nameAck: 'x'.repeat(5000) },
      values,
      notice: 'w'.repeat(5000),
      pathInfo: 'p'.repeat(5000),
    });
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    const select = view.blocks.find((b: any) => b.block_id === 'customer') as any;
    expect(select.element).toMatchObject({ type: 'external_select', min_query_length: 0, initial_option: { value: 'c250' } });
  });

  it('customer options: the main account first, at most 100, the last saying to type more', () => {
    const all = customerOptions('', { customers: customers(300), mainAccountSid: MAIN });
    expect(all).toHaveLength(100);
    expect(all[0]!.value).toBe(MAIN_ACCOUNT);
    expect(all.at(-1)).toMatchObject({ value: MORE_CUSTOMERS, text: { text: expect.stringContaining('type more of the name') } });
    expect(blockKitViolations({ blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 'a', options: all }] }] }, 'message')).toEqual([]);
    expect(customerOptions('number 299', { customers: customers(300), mainAccountSid: MAIN }).map((o) => o.value)).toEqual(['c299']);
    expect(customerOptions('', { customers: customers(3) }).map((o) => o.value)).toEqual(['c0', 'c1', 'c2']);
  });

  it('registration modal values read back what was typed', () => {
    const view = registrationModal({ customers: customers(2), mainAccountSid: MAIN, metadata: { channel: 'C1' } });
    const read = readRegistrationValues(
      stateValues(view, { customer: 'c1', phone: '+14155550100', name: 'Acme', landline: 'landline', method: 'voice', vertical: 'Other' }),
    );
    expect(read).toMatchObject({ customer: 'c1', phone: '+14155550100', name: 'Acme', landline: true, method: 'voice', vertical: 'Other' });
  });

  it('code view, notice view', () => {
    expect(blockKitViolations(otpModal(sender(), 'n'.repeat(9000)), 'modal')).toEqual([]);
    expect(blockKitViolations(noticeModal('A title longer than twenty-four characters', 't'.repeat(9000)), 'modal')).toEqual([]);
  });

  it('channel message for every state, with buttons only where they can act', () => {
    for (const state of ['creating', 'awaiting_code', 'verifying', 'online', 'failed', 'abandoned'] as const) {
      const message = senderMessage(sender({ state }), 'Acme', 'note '.repeat(1000), 0);
      expect(blockKitViolations({ ...message }, 'message')).toEqual([]);
      const ids = message.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));
      expect(ids.includes(ACTION.enterCode)).toBe(state === 'awaiting_code');
    }
    expect(JSON.stringify(senderMessage(sender(), 'Acme', undefined, 0).blocks)).toContain('Acme &lt;Store&gt; &amp; Co');
  });

  it('status, list, help and customers messages', () => {
    expect(blockKitViolations(statusMessage(sender(), 'Acme', true, Date.now()), 'message')).toEqual([]);
    const many = Array.from({ length: 2000 }, (_, i) =>
      sender({ id: `r${i}`, status: ['ONLINE', 'OFFLINE', 'X', `S${i % 40}`][i % 4], phoneNumber: `+1415555${String(i).padStart(4, '0')}` }),
    );
    expect(
      blockKitViolations(
        listMessage(pageOf(many, 3), () => 'Acme <Co> & Sons', '/senders'),
        'message',
      ),
    ).toEqual([]);
    for (const topic of [undefined, 'onboarding', 'register', 'follow', 'numbers', 'bulk', 'admin', 'nonsense'])
      expect(blockKitViolations(helpMessage('/senders', topic), 'message')).toEqual([]);
    expect(blockKitViolations(customersMessage(customers(3000), '/senders'), 'message')).toEqual([]);
  });
});

/** One page of `list` as the command builds it: the records in status order, LIST_PAGE_SIZE of them from `page`. */
function pageOf(records: SenderRecord[], page: number): ListPage {
  const byStatus = new Map<string, SenderRecord[]>();
  for (const r of records) byStatus.set(r.status ?? 'CREATING', [...(byStatus.get(r.status ?? 'CREATING') ?? []), r]);
  const ordered = listStatusOrder([...byStatus.entries()].map(([status, all]) => ({ status, all })));
  const flat = ordered.flatMap((g) => g.all.map((r) => ({ status: g.status, count: g.all.length, r })));
  const groups: ListPage['groups'] = [];
  for (const { status, count, r } of flat.slice(page * LIST_PAGE_SIZE, (page + 1) * LIST_PAGE_SIZE)) {
    const last = groups.at(-1);
    if (last?.status === status) last.records.push(r);
    else groups.push({ status, count, records: [r] });
  }
  const pages = Math.ceil(records.length / LIST_PAGE_SIZE);
  return { groups, total: records.length, page, pages, filter: { customer: 'Acme', status: undefined }, words: { customer: 'Acme' } };
}

describe('the limit checker itself', () => {
  it('catches views over the limits', () => {
    const bad = {
      type: 'modal',
      title: { type: 'plain_text', text: 'A title that is far too long for Slack' },
      private_metadata: 'x'.repeat(3001),
      blocks: [
        { type: 'input', block_id: 'a', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'v', max_length: 5000 } },
        ...Array.from({ length: 100 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } })),
      ],
    };
    const problems = blockKitViolations(bad, 'modal');
    expect(problems).toEqual(
      expect.arrayContaining([
        '101 blocks',
        'title over 24 characters',
        'input without submit',
        'private_metadata over 3000',
        'section text length',
        'max_length out of 1..3000',
      ]),
    );
  });
});

describe('alert and Home builders stay within Slack limits', () => {
  it('every alert, with long reasons and a long error log', async () => {
    const { onlineAlert, stuckAlert, stuckReminder, recoveredAlert, codeReminder, statusChangeNote } = await import('../../src/views/alerts.js');
    const { offlineReasonHints } = await import('../../src/views/troubleshooting.js');
    const { droppedAlert } = await import('../../src/views/drop-alert.js');
    const { alertDetails } = await import('../../src/views/alert-details.js');
    const r = sender({ status: 'OFFLINE', state: 'verifying' });
    const log = Array.from({ length: 50 }, (_, i) => ({
      sid: `NO${i}`,
      account_sid: MAIN,
      error_code: '63110',
      alert_text: 'x'.repeat(2000),
      more_info: 'https://www.twilio.com/docs/errors/63110',
      resource_sid: null,
      date_created: '2026-11-25T12:00:00Z',
      log_level: 'error',
    }));
    const posts = [
      onlineAlert(sender({ state: 'online', status: 'ONLINE', qualityRating: 'HIGH', messagingLimit: '10K Customers/24hr' }), 'Acme'),
      stuckAlert(r, { name: 'Acme', main: false }, Date.now(), offlineReasonHints(r, '/senders'), log, Date.now(), '/senders'),
      stuckReminder(r, Date.now(), Date.now()),
      recoveredAlert(sender({ state: 'online', status: 'ONLINE' }), Date.now()),
      codeReminder(sender(), 42),
      statusChangeNote(r, 'VERIFYING', 'OFFLINE', Date.now()),
      droppedAlert(r, { name: 'Acme', main: true }, { reasons: offlineReasonHints(r, '/senders'), errorLog: log }, Date.now(), '/senders'),
      alertDetails(r, { reasons: offlineReasonHints(r, '/senders'), errorLog: log, subaccount: 'AC1' }, Date.now()),
    ];
    for (const post of posts) expect(blockKitViolations(post, 'message')).toEqual([]);
  });

  it('Home tab with thousands of senders needing attention', async () => {
    const { homeView } = await import('../../src/views/home.js');
    const { DEFAULT_WATCH } = await import('../../src/senders/watch/schedule.js');
    const many = Array.from({ length: 5000 }, (_, i) =>
      sender({
        id: `r${i}`,
        state: (['awaiting_code', 'failed', 'verifying'] as const)[i % 3],
        status: i % 3 === 2 ? 'OFFLINE' : 'PENDING_VERIFICATION',
        statusHistory: [{ status: 'OFFLINE', at: '2026-11-24T00:00:00.000Z' }],
      }),
    );
    const view = homeView(
      {
        byShownStatus: { PENDING_VERIFICATION: 3334, OFFLINE: 1666 },
        online: { count: 0, low: 0, medium: 0, worst: [] },
        attention: { count: many.length, first: many.slice(0, 20) },
      },
      { lastPollAt: '2026-11-25T12:00:00.000Z', lastPollMs: 12, lastPollChecked: 5000 },
      Date.parse('2026-11-25T12:00:00Z'),
      DEFAULT_WATCH,
      '/senders',
      () => 'Acme <Corp> & Co',
    );
    expect(blockKitViolations(view, 'home')).toEqual([]);
    expect(JSON.stringify(view).length).toBeLessThan(250_000);
  });
});
