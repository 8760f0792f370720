import { DEFAULT_WATCH } from '../../src/senders/watch/schedule.js';
import type { BulkRun, Customer, SenderRecord } from '../../src/store/schema.js';
import type { AlertWire } from '../../src/twilio/wire.js';
import { codeReminder, onlineAlert, recoveredAlert, statusChangeNote, stuckAlert, stuckReminder, takenAlertBlocks } from '../../src/views/alerts.js';
import { bulkPreviewModal, bulkProgressMessage, bulkUploadModal } from '../../src/views/bulk.js';
import { customersMessage } from '../../src/views/customers-message.js';
import { deleteConfirmation } from '../../src/views/delete-confirmation.js';
import { droppedAlert } from '../../src/views/drop-alert.js';
import { helpMessage } from '../../src/views/help-message.js';
import { homeView, refusedHomeView } from '../../src/views/home.js';
import { listMessage } from '../../src/views/list-message.js';
import { nameChangeModal } from '../../src/views/name-change.js';
import { nameDeclinedAlert, nameVerdictNote } from '../../src/views/name-verdicts.js';
import { noticeModal } from '../../src/views/notice-modal.js';
import { numberElsewhereActions } from '../../src/views/number-elsewhere.js';
import {
  boughtElsewhereModal,
  boughtModal,
  buyBusyModal,
  buyCheckingModal,
  buyConfirmModal,
  buyCustomerModal,
  buyFailedModal,
  buyingModal,
  numbersSearchMessage,
} from '../../src/views/numbers.js';
import { onboardingNoticeMessage } from '../../src/views/onboarding-messages.js';
import { otpModal } from '../../src/views/otp-modal.js';
import { limitLoweredAlert, limitNote, qualityFellAlert, qualityRoseNote } from '../../src/views/quality.js';
import { registrationModal } from '../../src/views/registration-modal.js';
import { requesterNote } from '../../src/views/requester-notes.js';
import { senderMessage } from '../../src/views/sender-message.js';
import { statusMessage } from '../../src/views/status-message.js';
import { offlineReasonHints } from '../../src/views/troubleshooting.js';
import { voiceRestoredNote } from '../../src/views/voice-forward-notes.js';
import { wabaInfoFor } from '../../src/views/waba-info.js';
import { senderRecord } from './sender-record.js';

/**
 * A sample of every message and modal the bot shows, built from realistic records, for the
 * rules every text must keep (test/unit/message-rules.test.ts). One line per entry: a new
 * builder in src/views gets its line here.
 */
export interface Surface {
  text?: string;
  blocks?: unknown[];
  type?: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
}

/** `alert`: a message to the alert channel, held to at most five controls. */
export type SurfaceKind = 'message' | 'alert' | 'modal' | 'home';

export interface CatalogueEntry {
  name: string;
  kind: SurfaceKind;
  build: () => Surface;
}

export const NOW = Date.parse('2026-12-07T12:40:00Z');
const EARLIER = '2026-12-07T12:00:00.000Z';
const NEXT_CHECK = '2026-12-07T12:45:00.000Z';
const COMMAND = '/senders';
const SID = 'XE4f1c2a9b0d3e4f5a6b7c8d9e0f1a2b3c';
const CUSTOMER_ACCOUNT = 'AC5e2b7c1d9a0f3e4d5c6b7a8f9e0d1c2b';
const MAIN_ACCOUNT = 'AC0a1b2c3d4e5f60718293a4b5c6d7e8f9';

const customer: Customer = {
  id: 'c1',
  name: 'Acme Foods',
  accountSid: CUSTOMER_ACCOUNT,
  wabaId: '104567891234567',
  createdBySlackUser: 'U0ALICE',
  createdAt: '2026-11-30T09:00:00.000Z',
  createdSubaccount: true,
};

const sender = (over: Partial<SenderRecord> = {}): SenderRecord =>
  senderRecord({
    id: '8ff1da115dc8',
    sid: SID,
    accountSid: CUSTOMER_ACCOUNT,
    customerId: 'c1',
    phoneNumber: '+14155550123',
    profile: { name: 'Acme Foods' },
    createdAt: '2026-12-07T11:50:00.000Z',
    updatedAt: EARLIER,
    ...over,
  });

const awaitingCode = (path: SenderRecord['path']) =>
  sender({
    path,
    state: 'awaiting_code',
    status: 'PENDING_VERIFICATION',
    statusHistory: [{ status: 'PENDING_VERIFICATION', at: EARLIER }],
    otp: { codeAttempts: 1, resends: 1, lastCreateAt: EARLIER },
    voiceForward: path === 'twilio_voice' ? ({ email: 'codes@acme.example' } as SenderRecord['voiceForward']) : undefined,
  });
const verifying = sender({ state: 'verifying', status: 'VERIFYING', statusHistory: [{ status: 'VERIFYING', at: EARLIER }] });
/** OFFLINE 40 minutes after verification, its deadline passed, with Meta's rejection of the name. */
const offlineRejected = sender({
  state: 'verifying',
  status: 'OFFLINE',
  statusHistory: [
    { status: 'VERIFYING', at: '2026-12-07T11:58:00.000Z' },
    { status: 'OFFLINE', at: EARLIER },
  ],
  offlineReasons: [{ code: '63124', message: 'The display name was rejected by Meta.', more_info: 'https://www.twilio.com/docs/api/errors/63124' }],
  watch: {
    nextCheckAt: NEXT_CHECK,
    unchangedChecks: 3,
    stuckAlert: { postedAt: '2026-12-07T12:30:00.000Z', status: 'OFFLINE', channel: 'C0ALERTS', ts: '1.2' },
  },
});
/** OFFLINE right after verification, its deadline still ahead. */
const offlineFresh = sender({
  state: 'verifying',
  status: 'OFFLINE',
  statusHistory: [
    { status: 'VERIFYING', at: '2026-12-07T12:35:00.000Z' },
    { status: 'OFFLINE', at: '2026-12-07T12:39:00.000Z' },
  ],
  watch: { nextCheckAt: NEXT_CHECK, unchangedChecks: 0, alertAfter: '2026-12-07T13:09:00.000Z' },
});
const online = sender({
  state: 'online',
  status: 'ONLINE',
  statusHistory: [{ status: 'ONLINE', at: EARLIER }],
  qualityRating: 'HIGH',
  messagingLimit: '1K Customers/24hr',
});
const dropped = sender({
  state: 'verifying',
  status: 'OFFLINE',
  statusHistory: [
    { status: 'ONLINE', at: '2026-12-06T10:00:00.000Z' },
    { status: 'OFFLINE', at: '2026-12-07T12:20:00.000Z' },
  ],
  watch: { nextCheckAt: NEXT_CHECK, unchangedChecks: 0, stuckAlert: { kind: 'drop', postedAt: '2026-12-07T12:20:00.000Z' } },
});
const failed = sender({ state: 'failed', status: undefined, sid: undefined, lastError: { code: 63100, message: 'Invalid phone number for WhatsApp.' } });
const queued = sender({ state: 'queued', status: undefined, sid: undefined, queuedAt: EARLIER });

const errorLog: AlertWire[] = [
  {
    sid: 'NO1',
    account_sid: CUSTOMER_ACCOUNT,
    error_code: '63124',
    alert_text: 'Msg=Display name rejected&phone=+14155550123',
    more_info: 'https://www.twilio.com/docs/api/errors/63124',
    resource_sid: SID,
    date_created: '2026-12-07T12:01:00Z',
    log_level: 'error',
  },
];

const bulkRun: BulkRun = {
  id: 'b7c1',
  createdBy: 'U0ALICE',
  createdAt: EARLIER,
  channel: 'C0ONBOARD',
  state: 'running',
  nameFirst: false,
  totalRows: 6,
  refused: [{ line: 4, problem: 'The phone number is not valid.', number: '+1 999' }],
  warnings: [{ line: 2, problem: 'The display name is all capitals.' }],
  recordIds: ['r1', 'r2', 'r3', 'r4', 'r5'],
};

const offer = { phoneNumber: '+14155550199', type: 'Local' as const, sms: true, voice: true, place: 'San Francisco, CA', addressRequired: false };
const account = (name: string, accountSid: string, customerId?: string) => ({ name, accountSid, customerId });

export const CATALOGUE: CatalogueEntry[] = [
  { name: 'sender message: queued', kind: 'message', build: () => senderMessage(queued, 'Acme Foods', undefined, NOW) },
  {
    name: 'sender message: Twilio SMS number verifying',
    kind: 'message',
    build: () => senderMessage({ ...verifying, path: 'twilio_sms' }, 'Acme Foods', undefined, NOW),
  },
  { name: 'sender message: SMS code awaited', kind: 'message', build: () => senderMessage(awaitingCode('external_sms'), 'Acme Foods', undefined, NOW) },
  { name: 'sender message: voicemail code awaited', kind: 'message', build: () => senderMessage(awaitingCode('twilio_voice'), 'Acme Foods', undefined, NOW) },
  { name: 'sender message: offline, in progress', kind: 'message', build: () => senderMessage(offlineFresh, 'Acme Foods', undefined, NOW) },
  { name: 'sender message: offline, name rejected', kind: 'message', build: () => senderMessage(offlineRejected, 'Acme Foods', undefined, NOW) },
  { name: 'sender message: dropped', kind: 'message', build: () => senderMessage(dropped, 'Acme Foods', undefined, NOW) },
  { name: 'sender message: online', kind: 'message', build: () => senderMessage(online, 'Acme Foods', 'Registered in 12 min.', NOW) },
  { name: 'sender message: failed', kind: 'message', build: () => senderMessage(failed, 'Acme Foods', undefined, NOW) },
  { name: 'status: offline 40 min, name rejected', kind: 'message', build: () => statusMessage(offlineRejected, 'Acme Foods', true, NOW) },
  { name: 'status: online', kind: 'message', build: () => statusMessage(online, 'Acme Foods', true, NOW) },
  { name: 'status: watched', kind: 'message', build: () => statusMessage({ ...online, path: 'watched' }, 'Main account', false, NOW) },
  { name: 'delete confirmation', kind: 'message', build: () => deleteConfirmation(offlineRejected, NOW) },
  { name: 'status change: verifying to offline', kind: 'message', build: () => statusChangeNote(offlineFresh, 'VERIFYING', 'OFFLINE', NOW) },
  { name: 'status change: to online', kind: 'message', build: () => statusChangeNote(online, 'OFFLINE', 'ONLINE', NOW) },
  { name: 'online alert', kind: 'alert', build: () => onlineAlert(online, 'Acme Foods') },
  {
    name: 'stuck alert',
    kind: 'alert',
    build: () => stuckAlert(offlineRejected, 'Acme Foods', Date.parse(EARLIER), offlineReasonHints(offlineRejected), errorLog, NOW),
  },
  {
    name: 'stuck alert, taken',
    kind: 'alert',
    build: () => ({ blocks: takenAlertBlocks(stuckAlert(offlineRejected, 'Acme Foods', Date.parse(EARLIER), [], [], NOW).blocks, 'U0BOB', NOW, NOW) }),
  },
  { name: 'stuck reminder', kind: 'alert', build: () => stuckReminder(offlineRejected, Date.parse(EARLIER), NOW, 'U0BOB') },
  { name: 'recovered alert', kind: 'alert', build: () => recoveredAlert(online, NOW, NOW) },
  { name: 'code reminder', kind: 'alert', build: () => codeReminder(awaitingCode('external_sms'), 42) },
  {
    name: 'dropped alert',
    kind: 'alert',
    build: () => droppedAlert(dropped, 'Acme Foods', { onlineSince: Date.parse('2026-12-06T10:00:00Z'), reasons: [], errorLog }, NOW),
  },
  { name: 'quality fell alert', kind: 'alert', build: () => qualityFellAlert(online, 'Acme Foods', 'HIGH', 'LOW', NOW) },
  { name: 'quality rose note', kind: 'message', build: () => qualityRoseNote(online, 'MEDIUM', 'HIGH', NOW) },
  { name: 'messaging limit note', kind: 'message', build: () => limitNote(online, '1K Customers/24hr', '10K Customers/24hr', false, NOW) },
  {
    name: 'messaging limit lowered alert',
    kind: 'alert',
    build: () => limitLoweredAlert(online, 'Acme Foods', '10K Customers/24hr', '1K Customers/24hr', NOW),
  },
  { name: 'name verdict: in review', kind: 'message', build: () => nameVerdictNote(online, { name: 'Acme Foods Market', status: 'PENDING_REVIEW' }, NOW) },
  { name: 'name verdict: PIN mismatch', kind: 'message', build: () => nameVerdictNote(online, { name: 'Acme Foods Market', status: 'PIN_MISMATCH' }, NOW) },
  {
    name: 'name declined alert',
    kind: 'alert',
    build: () => nameDeclinedAlert(online, 'Acme Foods', 'ACME!!!', ['The name does not match the business.'], NOW),
  },
  { name: 'requester note: stuck', kind: 'message', build: () => requesterNote(offlineRejected, 'stuck', NOW) },
  { name: 'requester note: online', kind: 'message', build: () => requesterNote(online, 'online', NOW) },
  { name: 'voice restored note', kind: 'message', build: () => voiceRestoredNote(awaitingCode('twilio_voice'), 'max_hours') },
  { name: 'help', kind: 'message', build: () => helpMessage(COMMAND) },
  { name: 'customers', kind: 'message', build: () => customersMessage([customer, { ...customer, id: 'c2', name: 'Globex', wabaId: undefined }], COMMAND) },
  {
    name: 'list',
    kind: 'message',
    build: () =>
      listMessage(
        [
          { status: 'OFFLINE', count: 1, first: [offlineRejected] },
          { status: 'ONLINE', count: 1, first: [online] },
        ],
        () => 'Acme Foods',
        COMMAND,
      ),
  },
  {
    name: 'numbers search',
    kind: 'message',
    build: () => numbersSearchMessage({ country: 'US', digits: '415' }, [offer, { ...offer, phoneNumber: '+14155550198', sms: false }], COMMAND),
  },
  {
    name: 'number elsewhere',
    kind: 'message',
    build: () => ({
      blocks: [numberElsewhereActions('+14155550123', account('Globex', MAIN_ACCOUNT, 'c2'), account('Acme Foods', CUSTOMER_ACCOUNT, 'c1'), 'v')].filter(
        Boolean,
      ),
    }),
  },
  {
    name: 'bulk progress',
    kind: 'message',
    build: () =>
      bulkProgressMessage(
        bulkRun,
        { total: 6, submitted: 5, refused: 1, queued: 2, sent: 1, waitingForCode: 1, online: 1, failed: 0, cancelled: 0 },
        NOW + 600_000,
        COMMAND,
        NOW,
      ),
  },
  {
    name: 'onboarding link',
    kind: 'message',
    build: () =>
      onboardingNoticeMessage(
        { kind: 'link', customerName: 'Acme Foods', url: 'https://bot.example/onboard/abc', expiresAt: NOW + 3_600_000, at: NOW, user: 'U0ALICE' },
        COMMAND,
      ),
  },
  {
    name: 'onboarding cancelled',
    kind: 'message',
    build: () => onboardingNoticeMessage({ kind: 'cancelled', step: 'PHONE_NUMBER_SETUP', expiresAt: NOW + 3_600_000, at: NOW }, COMMAND),
  },
  {
    name: 'onboarding incomplete',
    kind: 'message',
    build: () => onboardingNoticeMessage({ kind: 'incomplete', event: 'UNKNOWN', expiresAt: NOW + 3_600_000, at: NOW }, COMMAND),
  },
  {
    name: 'onboarding late',
    kind: 'message',
    build: () => onboardingNoticeMessage({ kind: 'late', wabaId: '104567891234567', command: COMMAND, customerName: 'Acme Foods' }, COMMAND),
  },
  {
    name: 'onboarding finished',
    kind: 'message',
    build: () => onboardingNoticeMessage({ kind: 'finished', customerName: 'Acme Foods', wabaId: '104567891234567', phoneNumber: '+14155550123' }, COMMAND),
  },
  {
    name: 'Home',
    kind: 'home',
    build: () =>
      homeView(
        {
          byShownStatus: { ONLINE: 1, OFFLINE: 1 },
          online: { count: 1, low: 0, medium: 0, worst: [online] },
          attention: { count: 1, first: [offlineRejected] },
          nextCheckAt: NOW + 60_000,
        },
        { lastPollAt: EARLIER, lastPollMs: 80, lastPollChecked: 2 },
        NOW,
        DEFAULT_WATCH,
        COMMAND,
      ),
  },
  { name: 'Home, refused', kind: 'home', build: () => refusedHomeView('Only the onboarding team can use this bot.') },
  {
    name: 'registration form',
    kind: 'modal',
    build: () =>
      registrationModal({
        customers: [customer],
        mainAccountSid: MAIN_ACCOUNT,
        metadata: { channel: 'C0ONBOARD' },
        values: { customer: 'c1', phone: '+14155550123' },
        waba: wabaInfoFor({ ok: true, wabaId: '104567891234567' }, 'Acme Foods'),
      }),
  },
  { name: 'code form: SMS', kind: 'modal', build: () => otpModal(awaitingCode('external_sms')) },
  { name: 'code form: voice call', kind: 'modal', build: () => otpModal(awaitingCode('external_voice')) },
  { name: 'code form: voicemail', kind: 'modal', build: () => otpModal(awaitingCode('twilio_voice')) },
  { name: 'name change form', kind: 'modal', build: () => nameChangeModal(online, 'C0ONBOARD') },
  { name: 'notice', kind: 'modal', build: () => noticeModal('Registering…', 'Registering *+14155550123* as *Acme Foods*…') },
  { name: 'bulk upload', kind: 'modal', build: () => bulkUploadModal('C0ONBOARD') },
  {
    name: 'bulk preview',
    kind: 'modal',
    build: () => bulkPreviewModal({ ...bulkRun, state: 'previewing' }, 5, 2, 180_000, ['• Acme Foods: WABA *104567891234567*']),
  },
  { name: 'buy: customer', kind: 'modal', build: () => buyCustomerModal({ channel: 'C0ONBOARD', phoneNumber: '+14155550199' }, undefined) },
  {
    name: 'buy: confirm',
    kind: 'modal',
    build: () => buyConfirmModal({ channel: 'C0ONBOARD', phoneNumber: '+14155550199', customer: 'c1' }, 'Acme Foods', CUSTOMER_ACCOUNT),
  },
  { name: 'buy: buying', kind: 'modal', build: () => buyingModal('+14155550199', 'Acme Foods') },
  { name: 'buy: bought', kind: 'modal', build: () => boughtModal('+14155550199', 'Acme Foods', 'v', true) },
  { name: 'buy: checking', kind: 'modal', build: () => buyCheckingModal('+14155550199', 'Acme Foods', NOW + 120_000, NOW) },
  { name: 'buy: bought elsewhere', kind: 'modal', build: () => boughtElsewhereModal('+14155550199', 'Acme Foods', 'Globex') },
  { name: 'buy: busy', kind: 'modal', build: () => buyBusyModal('+14155550199') },
  { name: 'buy: failed', kind: 'modal', build: () => buyFailedModal('+14155550199', 'Twilio refused: the number is no longer available.') },
];
