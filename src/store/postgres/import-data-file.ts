import { existsSync } from 'node:fs';
import { openJsonDocument } from '../lowdb/json-document.js';
import { DuplicateIdError, DuplicateRegistrationError, type Repos } from '../repositories.js';
import type { Data } from '../schema.js';
import type { PgOutbox } from './outbox.js';
import type { PostgresStore } from './store.js';

export interface ImportCounts {
  senders: number;
  customers: number;
  bulkRuns: number;
  outbox: number;
  audit: number;
}

/** The import cannot go ahead; the message says why and what to do. */
export class ImportRefusedError extends Error {}

/**
 * Copies a data file into an empty PostgreSQL store, in one transaction: all of it or nothing.
 * The file is locked meanwhile (no bot may be running on it) and left as it was.
 */
export async function importDataFile(file: string, store: PostgresStore): Promise<ImportCounts> {
  if (!existsSync(file)) throw new ImportRefusedError(`There is no data file at ${file}: set DATA_FILE to the file to import.`);
  if ((await store.senders.count()) > 0 || (await store.customers.list()).length > 0) {
    throw new ImportRefusedError(
      `The database at ${store.location} already holds senders or customers: import into an empty database, so nothing is stored twice.`,
    );
  }
  const document = await openJsonDocument(file);
  try {
    return await store.atomically((tx) => copyAll(document.data, tx));
  } finally {
    await document.close();
  }
}

const unlessDuplicate = (error: unknown) => {
  if (!(error instanceof DuplicateIdError)) throw error;
};

async function copyAll(data: Data, tx: Repos): Promise<ImportCounts> {
  for (const customer of data.customers) await tx.customers.insert({ ...customer, version: undefined });
  for (const run of data.bulkRuns) await tx.bulkRuns.insert({ ...run, version: undefined });
  for (const record of data.senders) {
    try {
      await tx.senders.insert({ ...record, version: undefined });
    } catch (error) {
      if (!(error instanceof DuplicateRegistrationError)) throw error;
      throw new ImportRefusedError(
        `The data file holds two registrations in play for ${record.phoneNumber} in ${record.accountSid} (records ${error.existingId} and ${record.id}): mark one failed or abandoned in the file, then import again.`,
      );
    }
  }
  // In order, with their ids and fields as stored.
  for (const item of data.outbox) await (tx.outbox as PgOutbox).insertAsIs(item);
  for (const item of data.undelivered) await tx.outbox.setAside(item);
  for (const entry of data.audit) await tx.audit.add(entry);
  for (const [channel, customerId] of Object.entries(data.channelBindings)) await tx.channelBindings.set(channel, customerId);
  for (const [accountSid, at] of Object.entries(data.accountPace)) await tx.accounts.setPace(accountSid, Date.parse(at));
  for (const [accountSid, wabaId] of Object.entries(data.accountWabas)) await tx.accounts.linkWaba(accountSid, wabaId);
  for (const onboarding of data.onboardings) await tx.onboardings.insert(onboarding);
  // A data file written before these were one per key may repeat one: the first is the one the bot read.
  for (const entry of data.pendingSubaccounts) await tx.pendingSubaccounts.add(entry).catch(unlessDuplicate);
  for (const entry of data.pendingPurchases) await tx.pendingPurchases.add(entry).catch(unlessDuplicate);
  // Every request kept, however many: the file counted them so.
  for (const request of data.codeRequests) await tx.codeRequests.record(request, 0, Number.MAX_SAFE_INTEGER);
  // A time the file cannot tell counts as none there: the key goes at the next clean-up here too.
  for (const seen of data.metaEvents) await tx.metaEvents.add(seen.key, seen.wabaId, Date.parse(seen.at) || 0);
  await tx.poller.set(data.poller);
  return {
    senders: data.senders.length,
    customers: data.customers.length,
    bulkRuns: data.bulkRuns.length,
    outbox: data.outbox.length,
    audit: data.audit.length,
  };
}
