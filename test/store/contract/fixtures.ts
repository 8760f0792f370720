import { expect } from 'vitest';
import type { Store } from '../../../src/store/repositories.js';
import type { BulkRun, Customer, RegistrationState, SenderRecord } from '../../../src/store/schema.js';
import { StorageError } from '../../../src/store/storage-error.js';
import { senderRecord } from '../../support/sender-record.js';
import type { OpenedStore } from '../factories.js';

/** The store a contract test runs against, opened fresh for each test. */
export interface ContractContext {
  readonly store: Store;
  readonly opened: OpenedStore;
}

export const T0 = Date.parse('2026-11-25T12:00:00.000Z');
export const MINUTE = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const BOUNDS = { maxIntervalMs: 30 * MINUTE, onlineRecheckMs: 60 * MINUTE };

let serial = 0;
/** A sender record with an id and a number of its own. */
export function sender(fields: Partial<SenderRecord> = {}): SenderRecord {
  serial += 1;
  return senderRecord({ id: `s${serial}`, phoneNumber: `+1415555${String(serial).padStart(4, '0')}`, requestedBy: 'U1', createdAt: iso(T0), ...fields });
}

/** A sender with a SID (watched), checked next at `nextCheckAt` when given. */
export const watched = (state: RegistrationState, nextCheckAt?: number, extra: Partial<SenderRecord> = {}) =>
  sender({ state, sid: `XE${serial + 1}`, ...(nextCheckAt === undefined ? {} : { watch: { nextCheckAt: iso(nextCheckAt), unchangedChecks: 0 } }), ...extra });

export const customer = (id: string, name: string, accountSid: string): Customer => ({
  id,
  name,
  accountSid,
  createdBySlackUser: 'U1',
  createdAt: iso(T0),
  createdSubaccount: false,
});

export const bulkRun = (id: string, fields: Partial<BulkRun> = {}): BulkRun => ({
  id,
  createdBy: 'U1',
  createdAt: iso(T0),
  channel: 'C1',
  state: 'previewing',
  nameFirst: true,
  totalRows: 1,
  refused: [],
  warnings: [],
  recordIds: [],
  ...fields,
});

/** Runs `work` while the storage refuses writes; what it resolved to, or the error it threw. */
export async function whileStorageFails<T>(ctx: ContractContext, work: () => Promise<T>): Promise<T | unknown> {
  const faults = ctx.opened.faults!;
  faults.fail();
  try {
    return await work().catch((error: unknown) => error);
  } finally {
    faults.heal();
  }
}

/** `work` while the storage refuses writes rejects with a StorageError. */
export async function expectStorageError(ctx: ContractContext, work: () => Promise<unknown>): Promise<void> {
  expect(await whileStorageFails(ctx, work)).toBeInstanceOf(StorageError);
}
