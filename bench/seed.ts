/**
 * The senders a benchmark starts with, made the same way in every process that needs them: the
 * Twilio simulator's child holds their Twilio side, the benchmark writes the bot's side (a data
 * file, imported into PostgreSQL for that store). Each sender's SID and account follow from its
 * index, so the two sides agree without passing anything between processes.
 */
import type { SimAccount, SimSender } from '../src/sandbox/sim-state.js';
import { type Customer, emptyData, type SenderRecord } from '../src/store/schema.js';

export const MAIN_ACCOUNT_SID = `AC${'f'.repeat(32)}`;
export const MAIN_AUTH_TOKEN = `bench${'0'.repeat(27)}`;
/** Senders per subaccount: under the 20 due at which a poll lists an account, so every sender is fetched on its own. */
export const SENDERS_PER_ACCOUNT = 10;
/** Customers the bot knows (the first subaccounts); the other subaccounts hold senders only. */
export const CUSTOMERS = 100;

const hex = (n: number) => n.toString(16).padStart(32, '0');
export const accountSid = (account: number) => `AC${hex(account)}`;
export const senderSid = (index: number) => `XE${hex(index)}`;
export const phoneOf = (index: number) => `+1415${String(2_000_000 + index)}`;
export const accountCount = (senders: number) => Math.ceil(senders / SENDERS_PER_ACCOUNT);
export const wabaOf = (account: number) => String(100_000_000_000_000 + account);

export function simAccount(account: number, createdAt: number): SimAccount {
  return {
    sid: accountSid(account),
    friendlyName: `Customer ${account}`,
    authToken: `tok${hex(account)}`,
    owner: MAIN_ACCOUNT_SID,
    createdAt,
    status: 'active',
  };
}

/** Waiting for its code: each poll fetches it and finds it unchanged. */
export function simSender(index: number): SimSender {
  const phoneNumber = phoneOf(index);
  return {
    sid: senderSid(index),
    accountSid: accountSid(Math.floor(index / SENDERS_PER_ACCOUNT)),
    senderId: `whatsapp:${phoneNumber}`,
    phoneNumber,
    body: { sender_id: `whatsapp:${phoneNumber}`, profile: { name: `Brand ${index} Store` } },
    timeline: [{ status: 'PENDING_VERIFICATION', at: 0 }],
    offlineReasons: null,
  };
}

function senderRecord(index: number, now: string): SenderRecord {
  const account = Math.floor(index / SENDERS_PER_ACCOUNT);
  return {
    id: `r${index}`,
    version: 1,
    sid: senderSid(index),
    accountSid: accountSid(account),
    customerId: account < CUSTOMERS ? `c${account}` : undefined,
    phoneNumber: phoneOf(index),
    path: 'external_sms',
    state: 'awaiting_code',
    status: 'PENDING_VERIFICATION',
    statusHistory: [{ status: 'PENDING_VERIFICATION', at: now }],
    profile: { name: `Brand ${index} Store` },
    webhook: {},
    requestedBy: 'U0ALICE',
    createdAt: now,
    updatedAt: now,
    slack: { channel: 'C0ONBOARD', ts: `1700000000.${String(index).padStart(6, '0')}` },
    otp: { codeAttempts: 0, resends: 0, lastCreateAt: now },
    // Due now; no code reminder is due yet (it was "sent" a moment ago).
    watch: { nextCheckAt: now, unchangedChecks: 0, codeReminderFor: now },
  };
}

function customer(account: number, now: string): Customer {
  return {
    id: `c${account}`,
    version: 1,
    name: `Customer ${account}`,
    accountSid: accountSid(account),
    wabaId: wabaOf(account),
    createdBySlackUser: 'U0ALICE',
    createdAt: now,
    createdSubaccount: true,
  };
}

/** The bot's data file with `count` senders, as JSON text. */
export function seedDataFile(count: number, now = new Date().toISOString()): string {
  const data = emptyData();
  data.customers = Array.from({ length: Math.min(CUSTOMERS, accountCount(count)) }, (_, account) => customer(account, now));
  // Every account's WABA, as the bot learns it from its senders.
  for (let account = 0; account < accountCount(count); account++) data.accountWabas[accountSid(account)] = wabaOf(account);
  data.senders = Array.from({ length: count }, (_, i) => senderRecord(i, now));
  return JSON.stringify(data);
}
