import { type Data, SCHEMA_VERSION } from '../schema.js';
import { StoreStartError } from '../start-errors.js';

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] takes a file at version n to version n + 1. */
const migrations: Record<number, Migration> = {
  0: (data) => ({ customers: [], senders: [], audit: [], ...data, schemaVersion: 1 }),
  1: (data) => ({ outbox: [], undelivered: [], poller: {}, ...data, schemaVersion: 2 }),
  2: (data) => ({ bulkRuns: [], accountPace: {}, accountWabas: {}, ...data, schemaVersion: 3 }),
  3: (data) => ({ channelBindings: {}, ...data, schemaVersion: 4 }),
  4: (data) => ({ pendingSubaccounts: [], ...data, schemaVersion: 5 }),
  // A customer's WABA was only known from its account's first create; it is now the customer's own.
  5: (data) => {
    const wabas = (data.accountWabas ?? {}) as Record<string, string>;
    const customers = ((data.customers ?? []) as { accountSid: string; wabaId?: string }[]).map((c) =>
      c.wabaId || !wabas[c.accountSid] ? c : { ...c, wabaId: wabas[c.accountSid] },
    );
    return { ...data, customers, schemaVersion: 6 };
  },
  // Records carry the version the store checks on each save; optional lists became required.
  6: (data) => {
    const versioned = (key: string) => ((data[key] ?? []) as Record<string, unknown>[]).map((r) => ({ ...r, version: 1 }));
    return {
      onboardings: [],
      pendingPurchases: [],
      ...data,
      customers: versioned('customers'),
      senders: versioned('senders'),
      bulkRuns: versioned('bulkRuns'),
      schemaVersion: 7,
    };
  },
  7: (data) => ({ codeRequests: [], ...data, schemaVersion: 8 }),
  8: (data) => ({ metaEvents: [], ...data, schemaVersion: 9 }),
};

export class StoreVersionError extends StoreStartError {}

export function migrate(raw: Record<string, unknown>): Data {
  let data = raw;
  let version = typeof data.schemaVersion === 'number' ? data.schemaVersion : 0;
  if (version > SCHEMA_VERSION) {
    throw new StoreVersionError(
      `The data file has schema version ${version}, newer than this bot (${SCHEMA_VERSION}). Upgrade the bot; the file was left untouched.`,
    );
  }
  while (version < SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) throw new StoreVersionError(`No migration from schema version ${version}.`);
    data = step(data);
    version += 1;
  }
  return data as unknown as Data;
}
