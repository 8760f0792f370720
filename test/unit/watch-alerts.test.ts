import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { SenderRecord } from '../../src/store/schema.js';
import type { AlertWire } from '../../src/twilio/wire.js';
import { alertDetails } from '../../src/views/alert-details.js';
import { codeReminder, recoveredAlert, type SlackPost, stuckAlert, stuckReminder, takenAlertBlocks } from '../../src/views/alerts.js';
import { droppedAlert } from '../../src/views/drop-alert.js';
import { ACTION } from '../../src/views/ids.js';
import { nameDeclinedAlert, nameVerdictNote } from '../../src/views/name-verdicts.js';
import { limitLoweredAlert, qualityFellAlert } from '../../src/views/quality.js';
import { offlineReasonHints } from '../../src/views/troubleshooting.js';
import { senderRecord } from '../support/sender-record.js';

const NOW = Date.parse('2026-11-25T14:00:00Z');
const HOUR = 3_600_000;
const SID = `XE${'b'.repeat(32)}`;
const SUBACCOUNT = { name: 'Acme Corp', main: false };
const MAIN = { name: 'Main account', main: true };

const NAME_REASON = { code: '63124', message: 'The display name was rejected by Meta. Reason: the name does not match the business.' };
const ERROR_LOG: AlertWire[] = [
  {
    sid: 'NO1',
    error_code: '63112',
    alert_text: 'Msg=WABA+disabled&sender=whatsapp:+14155550100 The WhatsApp Business Account is disabled',
    more_info: 'https://www.twilio.com/docs/errors/63112',
    date_created: '2026-11-25T13:10:00Z',
  } as AlertWire,
];

const offline = (over: Partial<SenderRecord> = {}) =>
  senderRecord({ sid: SID, status: 'OFFLINE', state: 'verifying', statusHistory: [{ status: 'OFFLINE', at: '2026-11-25T12:00:00.000Z' }], ...over });
const nameRejected = () => offline({ offlineReasons: [NAME_REASON] });

/** Every interactive element: each element of an actions block, and each section accessory. */
function controls(post: { blocks: KnownBlock[] }): any[] {
  return post.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : []));
}
const primaries = (post: { blocks: KnownBlock[] }) => controls(post).filter((c) => c.style === 'primary');
const words = (post: SlackPost) => `${post.text}\n${JSON.stringify(post.blocks)}`;

/** The alert's text meant for people, without the URLs and values of its controls. */
const shownText = (post: SlackPost) =>
  [post.text, ...post.blocks.flatMap((b: any) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text?.text ?? e.text)])].filter(Boolean).join('\n');

const ALERTS: [string, SlackPost][] = [
  ['stuck, name rejected', stuckAlert(nameRejected(), SUBACCOUNT, NOW - 2 * HOUR, offlineReasonHints(nameRejected(), '/senders'), ERROR_LOG, NOW, '/senders')],
  ['stuck, a reason from the error log', stuckAlert(offline(), MAIN, NOW - 2 * HOUR, [], ERROR_LOG, NOW, '/senders')],
  ['stuck, no reason at all', stuckAlert(offline(), MAIN, NOW - 2 * HOUR, [], [], NOW, '/senders')],
  ['stuck past the VERIFYING deadline', stuckAlert(offline({ status: 'VERIFYING' }), MAIN, NOW - HOUR, [], [], NOW, '/senders')],
  ['stuck in DRAFT', stuckAlert(offline({ status: 'DRAFT' }), MAIN, NOW, [], [], NOW, '/senders')],
  [
    'dropped from online',
    droppedAlert(
      nameRejected(),
      SUBACCOUNT,
      { onlineSince: NOW - 9 * HOUR, lastSeenOnline: NOW - HOUR, reasons: offlineReasonHints(nameRejected(), '/senders'), errorLog: ERROR_LOG },
      NOW,
      '/senders',
    ),
  ],
  ['reminder', stuckReminder(offline(), NOW - 3 * HOUR, NOW)],
  ['reminder to whoever took it', stuckReminder(nameRejected(), NOW - 3 * HOUR, NOW, 'U0BOB')],
  ['quality fell', qualityFellAlert(offline({ status: 'ONLINE', state: 'online', qualityRating: 'LOW' }), 'Acme Corp', 'HIGH', 'LOW', NOW)],
  ['messaging limit lowered', limitLoweredAlert(offline({ status: 'ONLINE', state: 'online' }), 'Acme Corp', '1K Customers/24hr', '250 Customers/24hr', NOW)],
  ['display name declined', nameDeclinedAlert(offline(), 'Acme Corp', 'Acme Bakery', ['the name does not match the business'], NOW)],
  ['display name declined (verdict)', nameVerdictNote(offline(), { name: 'Acme Bakery', status: 'DECLINED' }, NOW)],
  ['display name not applied (verdict)', nameVerdictNote(offline(), { name: 'Acme Bakery', status: 'PIN_MISMATCH' }, NOW)],
  ['code reminder', codeReminder(offline({ state: 'awaiting_code', status: 'PENDING_VERIFICATION' }), 42)],
];

describe('every alert can be acted on at a glance', () => {
  it.each(ALERTS)('%s: at most five controls, exactly one primary', (_, post) => {
    expect(controls(post).length).toBeGreaterThan(0);
    expect(controls(post).length).toBeLessThanOrEqual(5);
    expect(primaries(post)).toHaveLength(1);
  });

  it.each(ALERTS)('%s: no debugger lines, ISO times, setting names or raw enums in the text people read', (_, post) => {
    const text = shownText(post);
    expect(text).not.toContain('Msg=');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    // Words like PENDING_REVIEW or ONLINE_RECHECK_MINUTES; a sender's own status name is what Twilio shows too.
    const enums = (text.match(/\b[A-Z]+(?:_[A-Z]+)+\b/g) ?? []).filter((t) => !['PENDING_VERIFICATION', 'TWILIO_REVIEW'].includes(t));
    expect(enums).toEqual([]);
    expect(text).not.toMatch(/\|(About [^>]*|docs|more|Open)>/);
  });

  it.each(ALERTS.filter(([name]) => /^(stuck|dropped|reminder)/.test(name)))('%s: one Snooze menu with 1 h, 4 h and 24 h', (_, post) => {
    const menus = controls(post).filter((c) => c.type === 'static_select' || c.type === 'overflow');
    expect(menus).toHaveLength(1);
    expect(menus[0].action_id).toBe(ACTION.snooze);
    expect(menus[0].options.map((o: any) => [o.text.text, o.value.split('|')[1]])).toEqual([
      ['Snooze 1 h', '60'],
      ['Snooze 4 h', '240'],
      ['Snooze 24 h', '1440'],
    ]);
    expect(controls(post).filter((c) => c.action_id === ACTION.alertDetails)).toHaveLength(1);
  });

  it('the Console button opens the sender itself, by its SID', () => {
    for (const [, post] of ALERTS) {
      const open = controls(post).find((c) => c.action_id === ACTION.openConsole);
      if (open) expect(open.url).toBe(`https://console.twilio.com/us1/develop/sms/senders/whatsapp-senders/${SID}`);
    }
  });

  it('a rejected name: one cause with its one next step, the name button, nothing for other causes', () => {
    const [, post] = ALERTS[0]!;
    const text = shownText(post);
    expect(text.match(/rejected/g)).toHaveLength(1);
    expect(text).toContain('Meta rejected the display name *Acme Store*: the name does not match the business.');
    expect(text).toContain('press *Change display name*');
    expect(text).not.toContain('register again');
    expect(text).not.toContain('Phone number requirements');
    expect(text).not.toContain('63112');
    expect(controls(post).map((c) => c.action_id)).toEqual([ACTION.takeAlert, ACTION.changeName, ACTION.snooze, ACTION.alertDetails, ACTION.openConsole]);
    expect(text).toContain('<https://www.facebook.com/business/help/757569725593362|Meta’s display name rules>');
  });

  it('the cause from the error log, in words, with its page labelled; the main account gets no subaccount advice', () => {
    const [, post] = ALERTS[1]!;
    const text = shownText(post);
    expect(text).toContain('*Why:* The WABA or the Meta business is disabled');
    expect(text).toContain('|Twilio’s page on error 63112>');
    expect(text).not.toContain('subaccount');
    expect(controls(post).map((c) => c.action_id)).toEqual([ACTION.takeAlert, ACTION.recheck, ACTION.snooze, ACTION.alertDetails, ACTION.openConsole]);
  });

  it('once taken, "I’m on it" leaves and the cause’s fix is the one primary', () => {
    const [, post] = ALERTS[0]!;
    const taken = { text: post.text, blocks: takenAlertBlocks(post.blocks, 'U0BOB', NOW, NOW) };
    expect(controls(taken).map((c) => c.action_id)).not.toContain(ACTION.takeAlert);
    expect(primaries(taken).map((c) => c.action_id)).toEqual([ACTION.changeName]);
    expect(shownText(taken)).toContain('<@U0BOB> is on it');
  });
});

describe('Details holds what the alert leaves out', () => {
  it('Twilio’s own reason, the error-log lines and the whole checklist', () => {
    const details = alertDetails(nameRejected(), { reasons: offlineReasonHints(nameRejected(), '/senders'), errorLog: ERROR_LOG, subaccount: 'AC1' }, NOW);
    const text = words(details);
    expect(text).toContain(NAME_REASON.message);
    expect(text).toContain('The WhatsApp Business Account is disabled');
    expect(text).toMatch(/\*63112\* <!date\^\d+\^[^|]+\|13:10 UTC>/);
    expect(text).toContain('Phone number requirements');
    expect(text).toContain('switch to that subaccount');
    expect(
      alertDetails(offline(), { reasons: [], errorLog: [] }, NOW)
        .blocks.map((b: any) => b.text?.text ?? b.elements?.[0]?.text)
        .join('\n'),
    ).not.toContain('subaccount');
  });
});

describe('a recovery edits the alert into one line', () => {
  const incident = (over: Record<string, string> = {}) => ({
    nextCheckAt: '',
    unchangedChecks: 0,
    stuckAlert: { postedAt: new Date(NOW - (2 * HOUR + 10 * 60_000)).toISOString(), recoveredAt: new Date(NOW).toISOString(), ...over },
  });

  it('what recovered, after how long, and who took it', () => {
    const post = recoveredAlert(offline({ state: 'online', status: 'ONLINE', watch: incident({ takenBy: 'U0BOB' }) }), NOW);
    expect(post.blocks).toHaveLength(1);
    expect(shownText(post)).toContain('Resolved: *+14155550100 · Acme Store* is *Online* again after 2 h 10 min · taken by <@U0BOB>.');
    expect(post.text).toContain('resolved');
    expect(controls(post)).toEqual([]);
  });

  it('says so when nobody took it', () => {
    const post = recoveredAlert(offline({ state: 'online', status: 'ONLINE', watch: incident() }), NOW);
    expect(shownText(post)).toContain('after 2 h 10 min · nobody took it.');
  });
});
