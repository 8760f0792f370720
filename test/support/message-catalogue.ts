import { MetaError } from '../../src/meta/graph.js';
import { SecretRegistry } from '../../src/secrets.js';
import { UPDATE_CSV_HELP } from '../../src/senders/bulk-update/update-csv.js';
import { codeRequestsSpent } from '../../src/senders/codes/code-requests.js';
import { metaAccessFailure } from '../../src/senders/customers/meta-access-words.js';
import type { Problem } from '../../src/senders/outcome.js';
import { changeNote } from '../../src/senders/profile/change-note.js';
import { currentValues, type ProfileChange } from '../../src/senders/profile/update-profile.js';
import { DEFAULT_WATCH } from '../../src/senders/watch/schedule.js';
import type { BulkRun, Customer, OnboardingNotice, SenderRecord } from '../../src/store/schema.js';
import type { AlertWire } from '../../src/twilio/wire.js';
import { alertDetails } from '../../src/views/alert-details.js';
import { takeAlertReply } from '../../src/views/alert-replies.js';
import { codeReminder, onlineAlert, recoveredAlert, statusChangeNote, stuckAlert, stuckReminder, takenAlertBlocks } from '../../src/views/alerts.js';
import { bulkPreviewModal, bulkProgressMessage, bulkUploadModal } from '../../src/views/bulk.js';
import { bulkUpdatePreviewModal, bulkUpdateProgressMessage, bulkUpdateUploadModal } from '../../src/views/bulk-update.js';
import { customersMessage } from '../../src/views/customers-message.js';
import { deleteConfirmation } from '../../src/views/delete-confirmation.js';
import { droppedAlert } from '../../src/views/drop-alert.js';
import { describeProblem } from '../../src/views/error-guide.js';
import { exportComment, exportOutOfScope } from '../../src/views/export-notes.js';
import { HELP_TOPICS, helpMessage } from '../../src/views/help-message.js';
import { homeView, refusedHomeView } from '../../src/views/home.js';
import { listMessage } from '../../src/views/list-message.js';
import { metaAccessFailedNote, metaAccessLostNote } from '../../src/views/meta-access-note.js';
import { metaIncidentAlert, metaIncidentReminder, metaResolvedAlert, metaTakenBlocks } from '../../src/views/meta-alerts.js';
import { metaIncidentDetails } from '../../src/views/meta-incident-details.js';
import { migrateModal } from '../../src/views/migrate-modal.js';
import { nameChangeModal } from '../../src/views/name-change.js';
import { nameApprovedAlert, nameDeclinedAlert, nameVerdictNote } from '../../src/views/name-verdicts.js';
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
import { onboardModal } from '../../src/views/onboard-modal.js';
import { onboardingNoticeMessage } from '../../src/views/onboarding-messages.js';
import { otpModal } from '../../src/views/otp-modal.js';
import { portfolioLimitNote } from '../../src/views/portfolio-limit-note.js';
import { profileLoadingModal, profileModal, profileUpdateReply } from '../../src/views/profile-modal.js';
import { limitLoweredAlert, limitNote, qualityBackAlert, qualityFellAlert, qualityRoseNote } from '../../src/views/quality.js';
import { registrationModal } from '../../src/views/registration-modal.js';
import { requesterNote } from '../../src/views/requester-notes.js';
import { restartingAnswer } from '../../src/views/restarting.js';
import { senderMessage } from '../../src/views/sender-message.js';
import { statusMessage } from '../../src/views/status-message.js';
import { offlineReasonHints } from '../../src/views/troubleshooting.js';
import { callUnsureNote, codeTakenNote } from '../../src/views/voice-call-notes.js';
import { voiceRestoredNote } from '../../src/views/voice-forward-notes.js';
import { wabaInfoFor } from '../../src/views/waba-info.js';
import {
  META_CUSTOMER,
  META_WABA,
  metaAlertInput,
  nameDeclinedIncident,
  numberBlockedIncident,
  paymentIncident,
  policyIncident,
  restrictedWaba,
  verificationIncident,
} from './meta-samples.js';
import { senderRecord } from './sender-record.js';

/**
 * A sample of every message and modal the bot shows, built from realistic records, for the
 * rules every text must keep (test/unit/message-rules.test.ts). One line per entry (samples
 * too long for a line are named above it): a new builder in src/views gets its line here.
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
const metaView = (over: Partial<NonNullable<SenderRecord['meta']>> = {}): SenderRecord['meta'] => ({
  id: '109876543210987',
  checkedAt: '2026-12-07T12:35:00.000Z',
  status: 'CONNECTED',
  verifiedName: 'Acme Foods',
  nameStatus: 'APPROVED',
  quality: 'GREEN',
  limit: 'TIER_2K',
  official: true,
  health: { canSend: 'AVAILABLE', errors: [] },
  ...over,
});
/** Online at Twilio and at Meta. */
const metaHealthy = { ...online, meta: metaView() };
/** Twilio still says online; Meta blocks the number because its WhatsApp account has no payment method. */
const metaBlocked = {
  ...online,
  meta: metaView({
    official: false,
    health: {
      canSend: 'BLOCKED',
      errors: [
        {
          entity: 'WABA',
          code: 141006,
          description: 'No valid payment method is attached to the WhatsApp Business Account.',
          solution: 'Add a valid payment method to the WhatsApp Business Account in Business Settings.',
        },
      ],
    },
  }),
};
/** A first display name Meta declined, with its reason. */
const metaNameDeclined = sender({
  state: 'verifying',
  status: 'OFFLINE',
  statusHistory: [{ status: 'OFFLINE', at: EARLIER }],
  meta: metaView({
    status: 'PENDING',
    nameStatus: 'DECLINED',
    nameDecision: { decision: 'DECLINED', name: 'ACME!!!', reason: 'The display name does not follow the display name guidelines.', at: EARLIER },
    quality: 'UNKNOWN',
    limit: 'TIER_250',
    official: false,
    health: { canSend: 'LIMITED', errors: [{ entity: 'PHONE_NUMBER', code: 141000, description: 'The display name is not approved.' }] },
  }),
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
const alreadyOnWhatsApp = sender({
  state: 'failed',
  status: undefined,
  sid: undefined,
  lastError: { code: 63110, message: 'The phone number +14155550123 is already registered with WhatsApp' },
});
const spentBudget = { used: 10, left: 0, freeAt: NOW + 3 * 24 * 60 * 60_000 };
const failed = sender({ state: 'failed', status: undefined, sid: undefined, lastError: { code: 63100, message: 'Invalid phone number for WhatsApp.' } });
const inReview = sender({ state: 'verifying', status: 'TWILIO_REVIEW', statusHistory: [{ status: 'TWILIO_REVIEW', at: '2026-12-05T11:00:00.000Z' }] });
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

const updateRun: BulkRun = {
  ...bulkRun,
  id: 'u3f9',
  kind: 'update',
  totalRows: 4,
  warnings: [],
  recordIds: [],
  refused: [
    {
      line: 5,
      problem: 'XE00000000000000000000000000000000 is not a sender the bot knows: check the sid (`/senders list` shows them).',
      number: 'XE00000000000000000000000000000000',
    },
  ],
};
const updateCounts = { total: 4, submitted: 3, refused: 1, queued: 1, sending: 0, updated: 1, unchanged: 1, failed: 0, cancelled: 0 };
const updatePreview = [
  { customer: 'Acme Foods', ready: 2, alreadySet: 0, fieldsChanged: 3 },
  { customer: 'Globex', ready: 1, alreadySet: 1, fieldsChanged: 0 },
];

const offer = { phoneNumber: '+14155550199', type: 'Local' as const, sms: true, voice: true, place: 'San Francisco, CA', addressRequired: false };
const account = (name: string, accountSid: string, customerId?: string) => ({ name, accountSid, customerId });

const CUSTOMER = 'Acme Foods';
const LIMIT_LOW = '1K Customers/24hr';
const LIMIT_HIGH = '10K Customers/24hr';
const HOUR_LATER = NOW + 3_600_000;
const BUY = { channel: 'C0ONBOARD', phoneNumber: '+14155550199' };
const codeSmsAwaited = awaitingCode('external_sms');
const codeVoicemailAwaited = awaitingCode('twilio_voice');
const runCounts = { total: 6, submitted: 5, refused: 1, queued: 2, sent: 1, waitingForCode: 1, online: 1, failed: 0, cancelled: 0 };
const listGroups = [
  { status: 'OFFLINE', count: 1, first: [offlineRejected] },
  { status: 'PENDING_VERIFICATION', count: 1, first: [codeSmsAwaited] },
  { status: 'ONLINE', count: 1, first: [online] },
];
const listPage = {
  groups: listGroups.map((g) => ({ status: g.status, count: g.count, records: g.first })),
  total: 3,
  page: 0,
  pages: 2,
  filter: { customer: CUSTOMER },
  words: { customer: 'acme' },
};
const noticeAlert = { postedAt: EARLIER, channel: 'C0ALERTS', ts: '1.2', about: 'HIGH', resolvedAt: '2026-12-07T12:40:00.000Z' };
const homeSummary = {
  byShownStatus: { ONLINE: 1, OFFLINE: 1, PENDING_VERIFICATION: 1, TWILIO_REVIEW: 1, FAILED: 1 },
  online: { count: 1, low: 0, medium: 0, worst: [online] },
  attention: { count: 4, first: [offlineRejected, awaitingCode('external_sms'), failed, inReview] },
  nextCheckAt: NOW + 60_000,
};
const metaListPage = {
  ...listPage,
  groups: [
    { status: 'OFFLINE', count: 1, records: [metaNameDeclined] },
    { status: 'ONLINE', count: 2, records: [metaHealthy, metaBlocked] },
  ],
};
const metaHomeSummary = {
  ...homeSummary,
  online: { count: 2, low: 0, medium: 0, worst: [metaBlocked, metaHealthy] },
  attention: { count: 1, first: [metaNameDeclined] },
};
const poller = { lastPollAt: EARLIER, lastPollMs: 80, lastPollChecked: 2 };
const registrationInput = {
  customers: [customer],
  mainAccountSid: MAIN_ACCOUNT,
  metadata: { channel: 'C0ONBOARD' },
  values: { customer: 'c1', phone: '+14155550123' },
  waba: wabaInfoFor({ ok: true, wabaId: '104567891234567' }, CUSTOMER),
};
const elsewhere = () => numberElsewhereActions('+14155550123', account('Globex', MAIN_ACCOUNT, 'c2'), account(CUSTOMER, CUSTOMER_ACCOUNT, 'c1'), 'v');
const stuckIn = (record: SenderRecord) =>
  stuckAlert(record, { name: CUSTOMER, main: false }, Date.parse(EARLIER), offlineReasonHints(record, COMMAND), [], NOW, COMMAND);
const stuck = (reasons: boolean) =>
  stuckAlert(
    offlineRejected,
    { name: CUSTOMER, main: false },
    Date.parse(EARLIER),
    reasons ? offlineReasonHints(offlineRejected, '/senders') : [],
    reasons ? errorLog : [],
    NOW,
    '/senders',
  );
const dropFacts = { onlineSince: Date.parse('2026-12-06T10:00:00Z'), reasons: [], errorLog };
const onboarding = (notice: OnboardingNotice) => onboardingNoticeMessage(notice, COMMAND);
const linkNotice: OnboardingNotice = {
  kind: 'link',
  customerName: CUSTOMER,
  url: 'https://bot.example/onboard/abc',
  expiresAt: HOUR_LATER,
  at: NOW,
  user: 'U0ALICE',
};
const profileEdits: ProfileChange[] = [
  { field: 'profile.about', before: 'Fresh food, delivered', after: 'Fresh food, delivered daily' },
  { field: 'webhook.callback_url', before: 'https://hooks.acme.example/in', after: 'https://hooks.acme.example/v2?token=abc' },
];
const profileValues = {
  ...currentValues({ sid: null, status: 'ONLINE', sender_id: null }),
  'profile.about': 'Fresh food, delivered',
  'profile.emails': ['Support: help@acme.example'],
};
const profileWait: Problem = {
  message: 'Twilio asks for several minutes between sender requests in one account, and this account just had one.',
  reason: { kind: 'update_wait', at: NOW + 120_000, now: NOW },
};
const offers = [offer, { ...offer, phoneNumber: '+14155550198', sms: false }];

const message = (name: string, build: () => Surface): CatalogueEntry => ({ name, kind: 'message', build });
const alert = (name: string, build: () => Surface): CatalogueEntry => ({ name, kind: 'alert', build });
const modal = (name: string, build: () => Surface): CatalogueEntry => ({ name, kind: 'modal', build });
const home = (name: string, build: () => Surface): CatalogueEntry => ({ name, kind: 'home', build });

export const CATALOGUE: CatalogueEntry[] = [
  message('sender message: queued', () => senderMessage(queued, CUSTOMER, undefined, NOW)),
  message('sender message: Twilio SMS number verifying', () => senderMessage({ ...verifying, path: 'twilio_sms' }, CUSTOMER, undefined, NOW)),
  message('sender message: SMS code awaited', () => senderMessage(codeSmsAwaited, CUSTOMER, undefined, NOW)),
  message('sender message: voicemail code awaited', () => senderMessage(codeVoicemailAwaited, CUSTOMER, undefined, NOW)),
  message('sender message: offline, in progress', () => senderMessage(offlineFresh, CUSTOMER, undefined, NOW)),
  message('sender message: offline, name rejected', () => senderMessage(offlineRejected, CUSTOMER, undefined, NOW)),
  message('sender message: dropped', () => senderMessage(dropped, CUSTOMER, undefined, NOW)),
  message('sender message: online', () => senderMessage(online, CUSTOMER, 'Registered in 12 min.', NOW)),
  message('sender message: online, Meta healthy', () => senderMessage(metaHealthy, CUSTOMER, undefined, NOW)),
  message('sender message: online, Meta blocks it (WABA 141006)', () => senderMessage(metaBlocked, CUSTOMER, undefined, NOW)),
  message('sender message: Meta declined the name', () => senderMessage(metaNameDeclined, CUSTOMER, undefined, NOW)),
  message('sender message: failed', () => senderMessage(failed, CUSTOMER, undefined, NOW)),
  message('sender message: already on WhatsApp (63110), Migrate', () => senderMessage(alreadyOnWhatsApp, CUSTOMER, undefined, NOW)),
  message('sender message: code awaited, requests left', () => senderMessage(codeSmsAwaited, CUSTOMER, undefined, NOW, { codeRequestsLeft: 3 })),
  message('problem: code requests spent', () => ({ text: describeProblem(codeRequestsSpent('+14155550123', spentBudget, NOW), COMMAND) })),
  modal('migrate checklist', () => migrateModal(alreadyOnWhatsApp, 'C0ONBOARD')),
  message('status: offline 40 min, name rejected', () => statusMessage(offlineRejected, CUSTOMER, true, NOW)),
  message('status: online', () => statusMessage(online, CUSTOMER, true, NOW)),
  message('status: online, Meta blocks it (WABA 141006)', () => statusMessage(metaBlocked, CUSTOMER, true, NOW)),
  message('status: Meta declined the name', () => statusMessage(metaNameDeclined, CUSTOMER, true, NOW)),
  message('status: watched', () => statusMessage({ ...online, path: 'watched' }, 'Main account', false, NOW)),
  message('delete confirmation', () => deleteConfirmation(offlineRejected, NOW)),
  message('status change: verifying to offline', () => statusChangeNote(offlineFresh, 'VERIFYING', 'OFFLINE', NOW)),
  message('status change: to online', () => statusChangeNote(online, 'OFFLINE', 'ONLINE', NOW)),
  alert('online alert', () => onlineAlert(online, CUSTOMER)),
  alert('stuck alert', () => stuck(true)),
  alert('stuck alert: in review at Twilio', () => stuckIn(inReview)),
  alert('stuck alert: Twilio SMS number not verified', () => stuckIn({ ...awaitingCode('twilio_sms'), state: 'verifying' })),
  alert('stuck alert: draft', () => stuckIn(sender({ state: 'verifying', status: 'DRAFT', statusHistory: [{ status: 'DRAFT', at: EARLIER }] }))),
  message('take alert reply', () => ({ text: takeAlertReply(offlineRejected, { ok: true, alreadyTakenBy: 'U0BOB' } as never) })),
  message('export comment', () => ({ text: exportComment('U0ALICE', 12, CUSTOMER, NOW) })),
  message('export out of scope', () => ({ text: exportOutOfScope(COMMAND, CUSTOMER) })),
  alert('stuck alert, taken', () => ({ blocks: takenAlertBlocks(stuck(false).blocks, 'U0BOB', NOW, NOW) })),
  alert('stuck reminder', () => stuckReminder(offlineRejected, Date.parse(EARLIER), NOW, 'U0BOB')),
  alert('recovered alert', () => recoveredAlert(online, NOW)),
  alert('code reminder', () => codeReminder(codeSmsAwaited, 42)),
  alert('dropped alert', () => droppedAlert(dropped, { name: CUSTOMER, main: false }, dropFacts, NOW, '/senders')),
  message('alert details', () =>
    alertDetails(offlineRejected, { reasons: offlineReasonHints(offlineRejected, '/senders'), errorLog, subaccount: CUSTOMER_ACCOUNT }, NOW),
  ),
  alert('quality fell alert', () => qualityFellAlert(online, CUSTOMER, 'HIGH', 'LOW', NOW)),
  message('quality back, resolved', () => qualityBackAlert(online, noticeAlert, NOW)),
  message('name approved, resolved', () => nameApprovedAlert(online, { ...noticeAlert, about: 'ACME!!!' }, NOW)),
  message('voice call: code taken', () => codeTakenNote(codeVoicemailAwaited, '••••52', NOW, NOW)),
  message('voice call: not sure', () => callUnsureNote(codeVoicemailAwaited, 'readings_disagree')),
  message('voice call: not sure, no more calls answered', () => callUnsureNote(codeVoicemailAwaited, 'not_sent', 3)),
  message('quality rose note', () => qualityRoseNote(online, 'MEDIUM', 'HIGH', NOW)),
  message('messaging limit note', () => limitNote(online, LIMIT_LOW, LIMIT_HIGH, false, NOW)),
  alert('messaging limit lowered alert', () => limitLoweredAlert(online, CUSTOMER, LIMIT_HIGH, LIMIT_LOW, NOW)),
  message('name verdict: in review', () => nameVerdictNote(online, { name: 'Acme Foods Market', status: 'PENDING_REVIEW' }, NOW)),
  message('name verdict: PIN mismatch', () => nameVerdictNote(online, { name: 'Acme Foods Market', status: 'PIN_MISMATCH' }, NOW)),
  alert('name declined alert', () => nameDeclinedAlert(online, CUSTOMER, 'ACME!!!', ['The name does not match the business.'], NOW)),
  alert('Meta restriction alert: payment method', () => metaIncidentAlert(metaAlertInput(paymentIncident))),
  alert('Meta restriction alert: policy', () => metaIncidentAlert(metaAlertInput(policyIncident))),
  alert('Meta restriction alert: business verification', () => metaIncidentAlert(metaAlertInput(verificationIncident, 'OFFLINE'))),
  alert('Meta number blocked alert', () => metaIncidentAlert(metaAlertInput(numberBlockedIncident))),
  alert('Meta name declined alert', () => metaIncidentAlert(metaAlertInput(nameDeclinedIncident, 'OFFLINE'))),
  alert('Meta alert, taken', () => ({ blocks: metaTakenBlocks(metaIncidentAlert(metaAlertInput(paymentIncident)).blocks, 'U0ANA', NOW) })),
  alert('Meta reminder', () =>
    metaIncidentReminder({ incident: { ...paymentIncident, takenBy: 'U0ANA' }, customer: META_CUSTOMER, wabaId: META_WABA, now: NOW }),
  ),
  alert('Meta resolved alert', () => metaResolvedAlert({ ...paymentIncident, takenBy: 'U0ANA', recoveredAt: '2026-12-07T12:40:00.000Z' }, CUSTOMER, NOW)),
  message('Meta incident details', () =>
    metaIncidentDetails(paymentIncident, {
      customerName: CUSTOMER,
      wabaId: META_WABA,
      waba: restrictedWaba,
      numbers: [
        {
          e164: '+14155550123',
          twilioStatus: 'ONLINE',
          meta: { id: '109876543210987', checkedAt: EARLIER, status: 'CONNECTED', quality: 'UNKNOWN', nameStatus: 'APPROVED' },
        },
        { e164: '+447700900123' },
      ],
      now: NOW,
    }),
  ),
  message('portfolio limit raised note', () =>
    portfolioLimitNote({ customerName: CUSTOMER, from: 'TIER_2K', to: 'TIER_10K', numbers: paymentIncident.numbers, now: NOW }),
  ),
  message('portfolio limit lowered note', () =>
    portfolioLimitNote({ customerName: CUSTOMER, from: 'TIER_10K', to: 'TIER_2K', numbers: paymentIncident.numbers, now: NOW }),
  ),
  message("start's note: WABAs the bot could not reach at Meta", () =>
    metaAccessFailedNote([{ customer: CUSTOMER, problem: 'Meta does not accept the system user token (expired or revoked).' }], '/senders'),
  ),
  message("Meta's view lost for a customer", () =>
    metaAccessLostNote(CUSTOMER, '104567891234567', 'Meta does not accept the system user token (expired or revoked).', '/senders'),
  ),
  message('requester note: stuck', () => requesterNote(offlineRejected, 'stuck', NOW)),
  message('requester note: online', () => requesterNote(online, 'online', NOW)),
  message('voice restored note', () => voiceRestoredNote(codeVoicemailAwaited, 'max_hours')),
  message('problem: WABA refused (63101)', () => ({
    text: describeProblem({ message: 'The WABA is not linked to this account.', twilioCode: 63101, httpStatus: 400 }, COMMAND),
  })),
  message('problem: no WABA in the account', () => ({
    text: describeProblem({ message: 'No WhatsApp Business Account (WABA) in this account.', twilioCode: 63100, httpStatus: 400 }, COMMAND),
  })),
  message('help', () => helpMessage(COMMAND)),
  ...HELP_TOPICS.map((t) => message(`help: ${t.topic}`, () => helpMessage(COMMAND, t.topic))),
  message('help: unknown topic', () => helpMessage(COMMAND, 'weather')),
  message('customers', () => customersMessage([customer, { ...customer, id: 'c2', name: 'Globex', wabaId: undefined }], COMMAND)),
  message('list', () => listMessage(listPage, () => CUSTOMER, COMMAND)),
  message("list with Meta's view", () => listMessage(metaListPage, () => CUSTOMER, COMMAND)),
  message('numbers search', () => numbersSearchMessage({ country: 'US', digits: '415' }, offers, COMMAND)),
  message('number elsewhere', () => ({ blocks: [elsewhere()].filter(Boolean) })),
  message('bulk progress', () => bulkProgressMessage(bulkRun, runCounts, NOW + 600_000, COMMAND, NOW)),
  message('bulk update progress', () => bulkUpdateProgressMessage(updateRun, updateCounts, NOW + 360_000, COMMAND, NOW)),
  message('onboarding link', () => onboarding(linkNotice)),
  message('onboarding cancelled', () => onboarding({ kind: 'cancelled', step: 'PHONE_NUMBER_SETUP', expiresAt: HOUR_LATER, at: NOW })),
  message('onboarding incomplete', () => onboarding({ kind: 'incomplete', event: 'UNKNOWN', expiresAt: HOUR_LATER, at: NOW })),
  message('onboarding late', () => onboarding({ kind: 'late', wabaId: '104567891234567', command: COMMAND, customerName: CUSTOMER })),
  message('onboarding error', () => onboarding({ kind: 'error', errorId: '8273645', expiresAt: HOUR_LATER, at: NOW })),
  message('onboarding unconfirmed', () => onboarding({ kind: 'unconfirmed', wabaId: '104567891234567', phoneNumberId: '109876543210987' })),
  message('onboarding WABA taken', () => onboarding({ kind: 'waba_taken', clash: 'WABA 104567891234567 is Globex’s already.' })),
  message('onboarding WABA only', () => onboarding({ kind: 'waba_only', customerName: CUSTOMER, wabaId: '104567891234567', why: 'No number.' })),
  message('onboarding other WABA', () => onboarding({ kind: 'other_waba', customerName: CUSTOMER, known: '104567891234567', chosen: '108888888888888' })),
  message('onboarding Meta failed', () => onboarding({ kind: 'meta_failed', reason: 'Meta did not answer', expiresAt: HOUR_LATER, at: NOW })),
  message('onboarding not saved', () => onboarding({ kind: 'not_saved', reason: 'the database does not answer' })),
  message('onboarding duplicate', () => onboarding({ kind: 'duplicate', phoneNumber: '+14155550123' })),
  message('onboarding Meta access failed', () =>
    onboarding({
      kind: 'meta_access_failed',
      customerName: CUSTOMER,
      wabaId: '104567891234567',
      problem: metaAccessFailure(new MetaError('Meta refused: Error validating access token (190)', false), new SecretRegistry(), {
        command: COMMAND,
        customerName: CUSTOMER,
        wabaId: '104567891234567',
      }).problem.message,
    }),
  ),
  modal('restarting, in a form without fields', () => restartingAnswer({ type: 'view_submission', view: { blocks: [] } })!.view as Surface),
  message('onboarding finished', () => onboarding({ kind: 'finished', customerName: CUSTOMER, wabaId: '104567891234567', phoneNumber: '+14155550123' })),
  home('Home', () => homeView(homeSummary, poller, NOW, DEFAULT_WATCH, COMMAND, () => CUSTOMER)),
  home("Home with Meta's view", () => homeView(metaHomeSummary, poller, NOW, DEFAULT_WATCH, COMMAND, () => CUSTOMER)),
  home("Home with Meta's open incidents", () =>
    homeView(homeSummary, poller, NOW, DEFAULT_WATCH, COMMAND, () => CUSTOMER, [
      { customer: CUSTOMER, incident: { ...paymentIncident, channel: 'C0ALERTS', ts: '1700000000.000100' } },
      { customer: CUSTOMER, incident: { ...numberBlockedIncident, takenBy: 'U0ANA' } },
    ]),
  ),
  home('Home, refused', () => refusedHomeView('Only the onboarding team can use this bot.')),
  modal('registration form', () => registrationModal(registrationInput)),
  modal('code form: SMS', () => otpModal(codeSmsAwaited)),
  modal('code form: voice call', () => otpModal(awaitingCode('external_voice'))),
  modal('code form: voicemail', () => otpModal(codeVoicemailAwaited)),
  modal('name change form', () => nameChangeModal(online, 'C0ONBOARD')),
  modal('profile form, loading', () => profileLoadingModal(online)),
  modal('profile form', () => profileModal(online, 'C0ONBOARD', profileValues)),
  message('profile changed: thread note', () => ({ text: changeNote(profileEdits, 'U0ALICE') })),
  message('profile changed: answer', () => ({ text: profileUpdateReply({ ok: true, record: online, changes: profileEdits }, COMMAND) })),
  message('profile not changed: account busy', () => ({ text: describeProblem(profileWait, COMMAND) })),
  modal('onboard form', () => onboardModal()),
  modal('notice', () => noticeModal('Registering…', 'Registering *+14155550123* as *Acme Foods*…')),
  modal('bulk upload', () => bulkUploadModal('C0ONBOARD')),
  modal('bulk update upload', () => bulkUpdateUploadModal('C0ONBOARD', COMMAND, UPDATE_CSV_HELP)),
  modal('bulk update preview', () => bulkUpdatePreviewModal({ ...updateRun, state: 'previewing' }, updatePreview, 2, 180_000)),
  modal('bulk preview', () => bulkPreviewModal({ ...bulkRun, state: 'previewing' }, 5, 2, 180_000, ['• Acme Foods: WABA *104567891234567*'])),
  modal('buy: customer', () => buyCustomerModal(BUY, undefined)),
  modal('buy: confirm', () => buyConfirmModal({ ...BUY, customer: 'c1' }, CUSTOMER, CUSTOMER_ACCOUNT)),
  modal('buy: buying', () => buyingModal(BUY.phoneNumber, CUSTOMER)),
  modal('buy: bought', () => boughtModal(BUY.phoneNumber, CUSTOMER, 'v', true)),
  modal('buy: checking', () => buyCheckingModal(BUY.phoneNumber, CUSTOMER, NOW + 120_000, NOW)),
  modal('buy: bought elsewhere', () => boughtElsewhereModal(BUY.phoneNumber, CUSTOMER, 'Globex')),
  modal('buy: busy', () => buyBusyModal(BUY.phoneNumber)),
  modal('buy: failed', () => buyFailedModal(BUY.phoneNumber, 'Twilio refused: the number is no longer available.')),
];
