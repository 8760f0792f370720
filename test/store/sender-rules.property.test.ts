import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import type { AccountQueue, DueBounds, SenderFilter, ShownStatusGroup, Store } from '../../src/store/repositories.js';
import { duePlanOf } from '../../src/store/rules/due.js';
import { goesByOneOf, nameKey } from '../../src/store/rules/name-keys.js';
import { aheadInQueueOf, createQueuesOf, inQueueOrder } from '../../src/store/rules/queue.js';
import { matchesFilter } from '../../src/store/rules/sender-filter.js';
import { groupByShownStatusOf, homeOf, tallyOf } from '../../src/store/rules/summaries.js';
import { type BulkRun, isFinished, type RegistrationState, type SenderRecord } from '../../src/store/schema.js';
import { dropFreshSchemas, freshSchema, TEST_DATABASE_URL, testDatabaseProblem } from '../support/pg-schema.js';
import { senderRecord } from '../support/sender-record.js';
import { bulkRun } from './contract/fixtures.js';

/**
 * PostgreSQL answers the sender rules in SQL (src/store/postgres/sender-rules.ts); the rules
 * themselves are TypeScript (src/store/rules). Times are written as toISOString writes them, by
 * Date.prototype.toString (check and queue times, which PostgreSQL keeps as instants), or unreadable. Generated records are stored, and every SQL
 * answer must equal the TypeScript rule applied to the same records. fast-check prints the seed
 * and the smallest failing records when they differ.
 */
const problem = await testDatabaseProblem();
if (problem) console.warn(`sender rules property test skipped: ${problem}`);

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const STATES: RegistrationState[] = ['queued', 'creating', 'awaiting_code', 'verifying', 'online', 'failed', 'abandoned'];
const STATUSES = ['ONLINE', 'OFFLINE', 'DELETED', 'VERIFYING', 'PENDING_VERIFICATION', 'TWILIO_REVIEW', 'DRAFT'];
// Account SIDs whose order differs between code units and a linguistic collation ("ACB" < "ACa").
const ACCOUNTS = ['ACa', 'ACB', 'ACc'];
const PHONES = ['+14155550101', '+14155550102', '+14155550103', '+14155550104'];
const NAMES = ['Acme', ' acme ', 'ACME', 'Corner Shop', 'corner shop  ', 'Ñandú Café', 'ñandú café'];

/** A time around now (minutes from now), or text no clock can read. */
const time = (minutes: number) =>
  fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -minutes, max: minutes }).map((m) => iso(NOW + m * MINUTE)) }, fc.constant('not a time'));
/** Any time a record may hold: also one written by Date.prototype.toString, which Date.parse reads. */
const anyTime = (minutes: number) =>
  fc.oneof(
    { weight: 4, arbitrary: time(minutes) },
    fc.integer({ min: -minutes, max: minutes }).map((m) => new Date(NOW + m * MINUTE).toString()),
  );
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const watchArb = fc.record(
  {
    nextCheckAt: anyTime(240),
    unchangedChecks: fc.constant(0),
    unwatchedAt: optional(fc.constant(iso(NOW - MINUTE))),
    stuckAlert: optional(
      fc.record({
        postedAt: fc.constant(iso(NOW - 60 * MINUTE)),
        kind: optional(fc.constant('drop' as const)),
        status: optional(fc.constantFrom(...STATUSES)),
        recoveredAt: optional(fc.constant(iso(NOW - MINUTE))),
      }),
    ),
  },
  { requiredKeys: ['nextCheckAt', 'unchangedChecks'] },
);

const senderArb = fc.record({
  accountSid: fc.constantFrom(...ACCOUNTS),
  phoneNumber: fc.constantFrom(...PHONES),
  state: fc.constantFrom(...STATES),
  sid: optional(fc.constantFrom('XE1', 'XE2', 'XE3')),
  status: optional(fc.constantFrom(...STATUSES)),
  qualityRating: fc.constantFrom(undefined, null, 'LOW', 'MEDIUM', 'HIGH', 'UNKNOWN', 'constructor'),
  watch: optional(watchArb),
  statusHistory: fc.array(fc.record({ status: fc.constantFrom(...STATUSES), at: time(240) }), { maxLength: 2 }),
  dismissed: optional(fc.constant({ by: 'U1', at: iso(NOW) })),
  name: fc.constantFrom(...NAMES),
  nameChange: optional(fc.record({ name: fc.constantFrom(...NAMES), status: optional(fc.constantFrom('PENDING_REVIEW', 'APPROVED', 'DECLINED')) })),
  customerId: optional(fc.constantFrom('c1', 'c2')),
  runId: optional(fc.constantFrom('r1', 'r2')),
  voiceForward: optional(fc.boolean()),
  queuedAt: optional(anyTime(240)),
});

type Generated = typeof senderArb extends fc.Arbitrary<infer G> ? G : never;

/** Records in insertion order; a second record in play for a number and account gets a number of its own, as the store would refuse it. */
function toRecords(generated: readonly Generated[], run: number): SenderRecord[] {
  const inPlay = new Set<string>();
  return generated.map((g, i) => {
    let phoneNumber = g.phoneNumber;
    const state = g.state;
    if (!isFinished({ state })) {
      if (inPlay.has(`${g.accountSid} ${phoneNumber}`)) phoneNumber = `+1999555${String(i).padStart(4, '0')}`;
      inPlay.add(`${g.accountSid} ${phoneNumber}`);
    }
    return senderRecord({
      id: `p${run}_${i}`,
      accountSid: g.accountSid,
      phoneNumber,
      state,
      createdAt: iso(NOW - 300 * MINUTE),
      ...(g.sid === undefined ? {} : { sid: g.sid }),
      ...(g.status === undefined ? {} : { status: g.status }),
      ...(g.qualityRating === undefined ? {} : { qualityRating: g.qualityRating }),
      ...(g.watch === undefined ? {} : { watch: g.watch }),
      ...(g.queuedAt === undefined ? {} : { queuedAt: g.queuedAt }),
      statusHistory: g.statusHistory,
      ...(g.dismissed === undefined ? {} : { dismissed: g.dismissed }),
      profile: { name: g.name },
      ...(g.nameChange === undefined ? {} : { nameChange: g.nameChange }),
      ...(g.customerId === undefined ? {} : { customerId: g.customerId }),
      ...(g.runId === undefined ? {} : { bulk: { runId: g.runId, line: i + 2 } }),
      ...(g.voiceForward === undefined
        ? {}
        : {
            voiceForward: {
              phoneNumberSid: 'PN1',
              email: 'v@example.com',
              previous: {} as never,
              ...(g.voiceForward ? {} : { restoredAt: iso(NOW) }),
            },
          }),
    });
  });
}

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
const filterArb: fc.Arbitrary<SenderFilter> = fc.record(
  {
    accountSids: subset(ACCOUNTS),
    customerId: fc.constantFrom('c1', 'c2'),
    watched: fc.boolean(),
    states: subset(STATES),
    inPlay: fc.boolean(),
    runId: fc.constantFrom('r1', 'r2'),
    voiceForwardOpen: fc.boolean(),
    phoneNumbers: subset(PHONES),
    shownStatuses: subset([...STATUSES, 'CREATING', 'FAILED', 'ABANDONED']),
  },
  { requiredKeys: [] },
);

const askArb = fc.record({
  bounds: fc.record({ maxIntervalMs: fc.constantFrom(30 * MINUTE, 90 * MINUTE), onlineRecheckMs: fc.constantFrom(15 * MINUTE, 120 * MINUTE) }),
  listWhenDue: fc.integer({ min: 1, max: 4 }),
  stuckOfflineMs: fc.constantFrom(0, 30 * MINUTE, 120 * MINUTE),
  limit: fc.integer({ min: 0, max: 4 }),
  filter: filterArb,
  page: fc.record({ offset: fc.integer({ min: 0, max: 5 }), limit: optional(fc.integer({ min: 0, max: 5 })) }),
  perGroup: fc.integer({ min: 0, max: 3 }),
  names: subset([...new Set(NAMES.map(nameKey)), 'nobody']),
  queuedBefore: anyTime(240),
  queueAccount: fc.constantFrom(...ACCOUNTS),
  runs: fc.constantFrom<[string, BulkRun['state']][]>(
    [],
    [['r1', 'running']],
    [
      ['r1', 'paused'],
      ['r2', 'running'],
    ],
  ),
});

const ids = (records: readonly SenderRecord[]) => records.map((r) => r.id);
const groups = (list: ShownStatusGroup[]) => Object.fromEntries(list.map((g) => [g.status, { count: g.count, first: ids(g.first) }]));

describe.skipIf(problem)('the SQL twins of the sender rules', () => {
  let store: Store;
  let admin: pg.Client;
  let schema: string;

  beforeAll(async () => {
    schema = freshSchema('rules').schema;
    store = await openPostgresStore(TEST_DATABASE_URL, { logger: silentLogger, schema, max: 2 });
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await store?.close();
    await admin?.end();
    await dropFreshSchemas();
  });

  it('answer as the TypeScript rules do: due plan, Home, groups by shown status, lists and counts, names, the create queue, the tally', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(senderArb, { maxLength: 24 }), askArb, async (generated, ask) => {
        run += 1;
        const records = toRecords(generated, run);
        await admin.query(`TRUNCATE ${quoteIdentifier(schema)}.senders, ${quoteIdentifier(schema)}.bulk_runs`);
        await store.atomically(async (tx) => {
          for (const [id, state] of ask.runs) await tx.bulkRuns.insert(bulkRun(id, { state }));
          for (const record of records) await tx.senders.insert(structuredClone(record));
        });
        const bounds: DueBounds = ask.bounds;

        const plan = await store.senders.duePlan(NOW, bounds, ask.listWhenDue);
        const expectedPlan = duePlanOf(records, NOW, bounds, ask.listWhenDue);
        expect(plan.ids).toEqual(expectedPlan.ids);
        expect([...plan.busyAccounts].sort()).toEqual([...expectedPlan.busyAccounts].sort());

        const home = await store.senders.home(NOW, ask.stuckOfflineMs, ask.limit);
        const expectedHome = homeOf(records, NOW, ask.stuckOfflineMs, ask.limit);
        expect(home.byShownStatus).toEqual(expectedHome.byShownStatus);
        expect({ ...home.online, worst: ids(home.online.worst) }).toEqual({ ...expectedHome.online, worst: ids(expectedHome.online.worst) });
        expect({ ...home.attention, first: ids(home.attention.first) }).toEqual({ ...expectedHome.attention, first: ids(expectedHome.attention.first) });
        expect(home.nextCheckAt).toEqual(expectedHome.nextCheckAt);

        expect(groups(await store.senders.groupByShownStatus(ask.filter, ask.perGroup))).toEqual(
          groups(groupByShownStatusOf(records, ask.filter, ask.perGroup)),
        );

        const matching = records.filter(matchesFilter(ask.filter));
        const end = ask.page.limit === undefined ? undefined : ask.page.offset + ask.page.limit;
        expect(ids(await store.senders.list(ask.filter, ask.page))).toEqual(ids(matching.slice(ask.page.offset, end)));
        expect(await store.senders.count(ask.filter)).toBe(matching.length);

        expect(ids(await store.senders.withNames(ask.names))).toEqual(ids(records.filter(goesByOneOf(new Set(ask.names)))));

        expect(ids(await store.senders.queued())).toEqual(ids(inQueueOrder(records)));
        expect(await store.senders.aheadInQueue(ask.queueAccount, ask.queuedBefore)).toBe(aheadInQueueOf(records, ask.queueAccount, ask.queuedBefore));
        const running = new Set(ask.runs.filter(([, state]) => state === 'running').map(([id]) => id));
        const byAccount = (queues: AccountQueue[]) => [...queues].sort((a, b) => (a.accountSid < b.accountSid ? -1 : 1));
        expect(byAccount(await store.senders.createQueues())).toEqual(byAccount(createQueuesOf(records, running)));

        const tally = await store.senders.tally();
        const expectedTally = tallyOf(records);
        expect(new Map([...tally.byStatus].sort())).toEqual(new Map([...expectedTally.byStatus].sort()));
        expect(new Map([...tally.byState].sort())).toEqual(new Map([...expectedTally.byState].sort()));
      }),
      { numRuns: 30 },
    );
  });
});
