import { describe, expect, it } from 'vitest';
import { watchOutboxItem } from '../../src/jobs/watch-words.js';
import { SecretRegistry } from '../../src/secrets.js';
import type { SendersContext } from '../../src/senders/context.js';
import type { WatchMessage } from '../../src/senders/watch/watch-messages.js';
import type { SenderRecord } from '../../src/store/schema.js';
import type { AlertWire } from '../../src/twilio/wire.js';
import { senderRecord } from '../support/sender-record.js';

const NOW = Date.parse('2026-11-25T14:00:00Z');
const SECRET = 'sk_live_0123456789abcdef';

/** A context holding one customer and one error-log entry (unless `log` is empty), which quotes a secret. */
function context(log?: AlertWire[]): SendersContext {
  const entry: AlertWire = {
    sid: 'NO1',
    error_code: '63124',
    alert_text: `Display+name+declined+for+%2B14155550100+(token+${SECRET})`,
    date_created: '2026-11-25T13:00:00Z',
  } as AlertWire;
  return {
    twilio: { mainAccountSid: 'AC0MAIN', listAlerts: async () => log ?? [entry] },
    store: { customers: { byAccount: async () => ({ name: 'Acme Corp' }) } },
    secrets: new SecretRegistry([SECRET]),
    settings: { command: '/senders' },
    logger: { warn: () => {} },
  } as unknown as SendersContext;
}

const record = (over: Partial<SenderRecord> = {}) =>
  senderRecord({ id: 'r1', sid: `XE${'a'.repeat(32)}`, accountSid: 'AC1', status: 'OFFLINE', createdAt: '2026-11-25T12:00:00.000Z', ...over });
const stuck: WatchMessage = { kind: 'post', to: 'alerts', news: { kind: 'stuck', since: NOW - 60 * 60_000 } };

describe('wording and addressing what a check decided', () => {
  it('a stuck alert goes to the alert channel, remembered for its recovery, naming the customer, with the error log scrubbed of secrets', async () => {
    const item = await watchOutboxItem(context(), record(), stuck, NOW, 'C0ALERTS');
    expect(item).toMatchObject({ kind: 'post', senderId: 'r1', channel: 'C0ALERTS', rememberAs: 'stuck_alert' });
    const words = JSON.stringify(item.blocks);
    expect(item.text).toContain('stuck: offline');
    expect(words).toContain('Acme Corp');
    // The error log's 63124 is the one cause named; the log's own lines are behind Details.
    expect(words).toContain('Meta rejected the display name');
    expect(words).not.toContain('Display name declined for');
    expect(words).not.toContain(SECRET);
    expect(words).toContain('switch to the customer’s subaccount');
  });

  it('a sender on the main account gets no advice to switch to a subaccount', async () => {
    const item = await watchOutboxItem(context(), record({ accountSid: 'AC0MAIN' }), stuck, NOW, 'C0ALERTS');
    expect(JSON.stringify(item.blocks)).not.toContain('subaccount');
  });

  it('a stuck alert without a reason says what the status means: VERIFYING is Meta checking the code', async () => {
    const verifying = record({ status: 'VERIFYING', statusHistory: [{ status: 'VERIFYING', at: '2026-11-25T12:00:00.000Z' }] });
    const item = await watchOutboxItem(context([]), verifying, stuck, NOW, 'C0ALERTS');
    expect(item.text).toContain('stuck: verifying');
    expect(JSON.stringify(item.blocks)).toContain('Meta is checking the code');
  });

  it('without an alert channel an alert goes to the registration thread, shown in the channel', async () => {
    expect(await watchOutboxItem(context(), record(), stuck, NOW, undefined)).toMatchObject({ threadOf: 'registration', broadcast: true });
  });

  it('a reminder goes to the incident thread: shown in the channel until someone took it, then only in the thread', async () => {
    const reminder: WatchMessage = { kind: 'post', to: 'incident', news: { kind: 'stuck_reminder', since: NOW - 5 * 60 * 60_000 } };
    const open = { nextCheckAt: '', unchangedChecks: 0, stuckAlert: { postedAt: '2026-11-25T09:00:00.000Z', status: 'OFFLINE' } };
    expect(await watchOutboxItem(context(), record({ watch: open }), reminder, NOW, 'C0ALERTS')).toMatchObject({
      threadOf: 'stuck_alert',
      broadcast: true,
      channel: 'C0ALERTS',
    });
    const taken = { ...open, stuckAlert: { ...open.stuckAlert, takenBy: 'U0BOB' } };
    const item = await watchOutboxItem(
      context(),
      record({ watch: taken }),
      { ...reminder, news: { ...reminder.news, takenBy: 'U0BOB' } } as WatchMessage,
      NOW,
      'C0ALERTS',
    );
    expect(item).toMatchObject({ threadOf: 'stuck_alert', broadcast: false });
    expect(JSON.stringify(item.blocks)).toContain('U0BOB');
  });

  it('a note to the requester is a direct message; updates carry no words', async () => {
    const note: WatchMessage = { kind: 'post', to: 'requester', news: { kind: 'requester', event: 'dropped' } };
    expect(await watchOutboxItem(context(), record({ requestedBy: 'U0ALICE' }), note, NOW, 'C0ALERTS')).toMatchObject({ channel: 'U0ALICE' });
    expect(await watchOutboxItem(context(), record(), { kind: 'mark_recovered' }, NOW, 'C0ALERTS')).toEqual({ senderId: 'r1', kind: 'mark_recovered' });
  });
});
