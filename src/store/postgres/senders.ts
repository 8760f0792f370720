import {
  type AccountQueue,
  type DueBounds,
  type DuePlan,
  DuplicateIdError,
  DuplicateRegistrationError,
  type HomeSummary,
  type Page,
  type SenderFilter,
  type SenderRepository,
  type SenderTally,
  type ShownStatusGroup,
  StaleRecordError,
} from '../repositories.js';
import { isFinished, type SenderRecord } from '../schema.js';
import { violatedConstraint } from './database-error.js';
import { type Db, jsonText, setVersion } from './db.js';
import { SENDER_COLUMN_TYPES, SENDER_COLUMNS, senderColumns, timeOrNull } from './sender-columns.js';
import { DUE, IN_PLAY, NEEDS_A_PERSON, NEXT_CHECK_AT, offlineCutoff, QUALITY_ORDER, SHOWN_STATUS, senderConditions, WATCHED } from './sender-rules.js';

interface Row {
  doc: SenderRecord;
  version: number;
}

const withVersion = ({ doc, version }: Row): SenderRecord => ({ ...doc, version });
const docOf = (record: SenderRecord, version: number) => ({ ...record, version });
const placeholders = (from: number, count: number) => Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

const INSERT = `INSERT INTO senders (id, version, doc, ${SENDER_COLUMNS.join(', ')})
  VALUES ($1, 1, $2, ${placeholders(3, SENDER_COLUMNS.length)}) ON CONFLICT DO NOTHING RETURNING id`;
const BATCH_UPDATE = `UPDATE senders s SET version = s.version + 1, doc = r.doc, ${SENDER_COLUMNS.map((c) => `${c} = r.${c}`).join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, expected integer, doc jsonb, ${SENDER_COLUMNS.map((c) => `${c} ${SENDER_COLUMN_TYPES[c]}`).join(', ')})
  WHERE s.id = r.id AND s.version = r.expected RETURNING s.id`;
const UPDATE = `UPDATE senders SET version = version + 1, doc = $3, ${SENDER_COLUMNS.map((c, i) => `${c} = $${i + 4}`).join(', ')}
  WHERE id = $1 AND version = $2 RETURNING version`;

export class PgSenders implements SenderRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<SenderRecord | undefined> {
    const [row] = await this.db.read<Row>('SELECT doc, version FROM senders WHERE id = $1', [id]);
    return row && withVersion(row);
  }

  async getMany(ids: readonly string[]): Promise<SenderRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.read<Row>(
      `SELECT s.doc, s.version FROM unnest($1::text[]) WITH ORDINALITY AS wanted(id, position)
       JOIN senders s ON s.id = wanted.id ORDER BY wanted.position`,
      [[...ids]],
    );
    return rows.map(withVersion);
  }

  async findBySidOrPhone(key: string): Promise<SenderRecord | undefined> {
    const column = key.startsWith('+') ? 'phone_number' : 'sid';
    // The first record in play, else the newest.
    const [row] = await this.db.read<Row>(
      `SELECT doc, version FROM senders WHERE ${column} = $1
       ORDER BY (${IN_PLAY}) DESC, CASE WHEN ${IN_PLAY} THEN seq END ASC, seq DESC LIMIT 1`,
      [key],
    );
    return row && withVersion(row);
  }

  async withSid(sid: string, accountSid?: string): Promise<SenderRecord[]> {
    const rows = await this.db.read<Row>('SELECT doc, version FROM senders WHERE sid = $1 AND ($2::text IS NULL OR account_sid = $2) ORDER BY seq', [
      sid,
      accountSid ?? null,
    ]);
    return rows.map(withVersion);
  }

  async findActive(accountSid: string, phoneNumber: string): Promise<SenderRecord | undefined> {
    const [row] = await this.db.read<Row>(`SELECT doc, version FROM senders WHERE account_sid = $1 AND phone_number = $2 AND ${IN_PLAY}`, [
      accountSid,
      phoneNumber,
    ]);
    return row && withVersion(row);
  }

  async insert(record: SenderRecord): Promise<void> {
    // ON CONFLICT DO NOTHING: a duplicate leaves a transaction usable, and is named below.
    const inserted = await this.db.write<{ id: string }>(INSERT, [record.id, docOf(record, 1), ...senderColumns(record)]);
    if (inserted.length === 0) throw await this.whyNotInserted(record);
    setVersion(this.db, record, 1);
  }

  async save(record: SenderRecord): Promise<void> {
    const expected = record.version ?? 0;
    const next = expected + 1;
    let rows: { version: number }[];
    try {
      rows = await this.db.guarded(() => this.db.write<{ version: number }>(UPDATE, [record.id, expected, docOf(record, next), ...senderColumns(record)]));
    } catch (error) {
      if (violatedConstraint(error) === 'senders_one_in_play') throw await this.duplicateOf(record);
      throw error;
    }
    if (rows.length === 0) {
      const [stored] = await this.db.read<{ version: number }>('SELECT version FROM senders WHERE id = $1', [record.id]);
      throw new StaleRecordError('senders', record.id, record.version, stored?.version);
    }
    setVersion(this.db, record, next);
  }

  async saveAll(records: readonly SenderRecord[]): Promise<string[]> {
    if (records.length === 0) return [];
    const rows = records.map((record) => {
      const expected = record.version ?? 0;
      const columns = senderColumns(record);
      return {
        id: record.id,
        expected,
        doc: docOf(record, expected + 1),
        ...Object.fromEntries(SENDER_COLUMNS.map((column, i) => [column, columns[i]])),
      };
    });
    let saved: { id: string }[];
    try {
      saved = await this.db.guarded(() => this.db.write<{ id: string }>(BATCH_UPDATE, [jsonText(rows)]));
    } catch (error) {
      // A record back in play beside another: save one by one, skipping the ones refused.
      if (violatedConstraint(error) !== 'senders_one_in_play') throw error;
      return this.saveEach(records);
    }
    const savedIds = new Set(saved.map((row) => row.id));
    const skipped: string[] = [];
    for (const record of records) {
      if (savedIds.has(record.id)) setVersion(this.db, record, (record.version ?? 0) + 1);
      else skipped.push(record.id);
    }
    return skipped;
  }

  private async saveEach(records: readonly SenderRecord[]): Promise<string[]> {
    const skipped: string[] = [];
    for (const record of records) {
      try {
        await this.save(record);
      } catch (error) {
        if (!(error instanceof StaleRecordError || error instanceof DuplicateRegistrationError)) throw error;
        skipped.push(record.id);
      }
    }
    return skipped;
  }

  async discard(id: string): Promise<void> {
    await this.db.write('DELETE FROM senders WHERE id = $1', [id]);
  }

  async duePlan(now: number, bounds: DueBounds, listWhenDue: number): Promise<DuePlan> {
    const params = [new Date(now), bounds.maxIntervalMs, Math.max(bounds.maxIntervalMs, bounds.onlineRecheckMs)];
    const [ids, busy] = await Promise.all([
      this.db.read<{ id: string }>(`SELECT id FROM senders WHERE ${DUE} ORDER BY account_sid COLLATE "C", seq`, params),
      this.db.read<{ account_sid: string }>(
        `SELECT account_sid FROM senders WHERE ${DUE} GROUP BY account_sid HAVING count(*) >= $4 OR bool_or(state = 'online')`,
        [...params, listWhenDue],
      ),
    ]);
    return { ids: ids.map((row) => row.id), busyAccounts: busy.map((row) => row.account_sid) };
  }

  /** rules/queue.ts inQueueOrder: queued_at holds the instant Date.parse reads (sender-columns.ts timeOrNull), NULL when none. */
  async queued(): Promise<SenderRecord[]> {
    const rows = await this.db.read<Row>(`SELECT doc, version FROM senders WHERE state = 'queued' ORDER BY queued_at NULLS FIRST, seq`);
    return rows.map(withVersion);
  }

  async aheadInQueue(accountSid: string, queuedAt: string): Promise<number> {
    const [row] = await this.db.read<{ n: string }>(
      `SELECT count(*) AS n FROM senders WHERE state = 'queued' AND account_sid = $1 AND (queued_at IS NULL OR queued_at < $2::timestamptz)`,
      [accountSid, timeOrNull(queuedAt)],
    );
    return Number(row?.n ?? 0);
  }

  async creating(): Promise<SenderRecord[]> {
    const rows = await this.db.read<Row>(`SELECT doc, version FROM senders WHERE state = 'creating' ORDER BY seq`);
    return rows.map(withVersion);
  }

  async withNames(names: readonly string[]): Promise<SenderRecord[]> {
    if (names.length === 0) return [];
    const rows = await this.db.read<Row>('SELECT doc, version FROM senders WHERE name_keys && $1::text[] ORDER BY seq', [[...names]]);
    return rows.map(withVersion);
  }

  async list(filter: SenderFilter = {}, page: Page = {}): Promise<SenderRecord[]> {
    const { where, params } = senderConditions(filter);
    const n = params.length;
    const rows = await this.db.read<Row>(`SELECT doc, version FROM senders ${where} ORDER BY seq OFFSET $${n + 1} LIMIT $${n + 2}`, [
      ...params,
      page.offset ?? 0,
      page.limit ?? null,
    ]);
    return rows.map(withVersion);
  }

  async count(filter: SenderFilter = {}): Promise<number> {
    const { where, params } = senderConditions(filter);
    const [row] = await this.db.read<{ n: string }>(`SELECT count(*) AS n FROM senders ${where}`, params);
    return Number(row?.n ?? 0);
  }

  async home(now: number, stuckOfflineMs: number, limit: number): Promise<HomeSummary> {
    const at = new Date(now);
    const cutoff = offlineCutoff(now, stuckOfflineMs);
    // One after another: the Home tab is opened often, and the poll and the outbox share the pool.
    const byShown = await this.db.read<{ shown: string; n: string }>(`SELECT ${SHOWN_STATUS} AS shown, count(*) AS n FROM senders WHERE watched GROUP BY 1`);
    const online = await this.db.read<{ n: string; low: string; medium: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE quality_rating = 'LOW') AS low, count(*) FILTER (WHERE quality_rating = 'MEDIUM') AS medium
       FROM senders WHERE watched AND state = 'online'`,
    );
    const worst = await this.db.read<Row>(`SELECT doc, version FROM senders WHERE watched AND state = 'online' ORDER BY ${QUALITY_ORDER}, seq LIMIT $1`, [
      limit,
    ]);
    const attention = await this.db.read<{ n: string }>(`SELECT count(*) AS n FROM senders WHERE ${NEEDS_A_PERSON}`, [cutoff]);
    const first = await this.db.read<Row>(`SELECT doc, version FROM senders WHERE ${NEEDS_A_PERSON} ORDER BY seq LIMIT $2`, [cutoff, limit]);
    const next = await this.db.read<{ at: Date | null }>(`SELECT min(${NEXT_CHECK_AT}) AS at FROM senders WHERE ${WATCHED}`, [at]);
    return {
      byShownStatus: Object.fromEntries(byShown.map((row) => [row.shown, Number(row.n)])),
      online: { count: Number(online[0]?.n ?? 0), low: Number(online[0]?.low ?? 0), medium: Number(online[0]?.medium ?? 0), worst: worst.map(withVersion) },
      attention: { count: Number(attention[0]?.n ?? 0), first: first.map(withVersion) },
      nextCheckAt: next[0]?.at ? next[0].at.getTime() : undefined,
    };
  }

  async groupByShownStatus(filter: SenderFilter, perGroup: number): Promise<ShownStatusGroup[]> {
    const { where, params } = senderConditions(filter);
    const rows = await this.db.read<Row & { shown: string; n: string }>(
      `SELECT shown, n, doc, version FROM (
         SELECT doc, version, seq, shown, count(*) OVER (PARTITION BY shown) AS n, row_number() OVER (PARTITION BY shown ORDER BY seq) AS rank
         FROM (SELECT doc, version, seq, ${SHOWN_STATUS} AS shown FROM senders ${where}) AS shown_senders
       ) AS ranked WHERE rank <= $${params.length + 1} ORDER BY shown, seq`,
      [...params, Math.max(perGroup, 1)],
    );
    const groups = new Map<string, ShownStatusGroup>();
    for (const row of rows) {
      const group = groups.get(row.shown) ?? { status: row.shown, count: Number(row.n), first: [] };
      if (group.first.length < perGroup) group.first.push(withVersion(row));
      groups.set(row.shown, group);
    }
    return [...groups.values()];
  }

  async tally(): Promise<SenderTally> {
    const rows = await this.db.read<{ status: string; quality: string; state: string; n: string }>(
      `SELECT coalesce(status, 'none') AS status, coalesce(quality_rating, 'unknown') AS quality, state, count(*) AS n
       FROM senders GROUP BY 1, 2, 3`,
    );
    const byStatus: SenderTally['byStatus'] = new Map();
    const byState: SenderTally['byState'] = new Map();
    for (const row of rows) {
      const count = Number(row.n);
      const key = `${row.status}\u0000${row.quality}`;
      const entry = byStatus.get(key);
      if (entry) entry.count += count;
      else byStatus.set(key, { status: row.status, quality: row.quality, count });
      byState.set(row.state, (byState.get(row.state) ?? 0) + count);
    }
    return { byStatus, byState };
  }

  /** rules/queue.ts createQueuesOf. */
  async createQueues(): Promise<AccountQueue[]> {
    const rows = await this.db.read<{ account_sid: string; depth: string; oldest: Date }>(
      `SELECT s.account_sid, count(*) AS depth, min(coalesce(s.queued_at, (s.doc->>'createdAt')::timestamptz)) AS oldest
       FROM senders s LEFT JOIN bulk_runs r ON r.id = s.run_id
       WHERE s.state = 'queued' AND (s.run_id IS NULL OR r.state = 'running')
       GROUP BY s.account_sid`,
    );
    return rows.map((row) => ({ accountSid: row.account_sid, depth: Number(row.depth), oldestQueuedAt: row.oldest.getTime() }));
  }

  private async whyNotInserted(record: SenderRecord): Promise<Error> {
    const [sameId] = await this.db.read<{ id: string }>('SELECT id FROM senders WHERE id = $1', [record.id]);
    if (sameId) return new DuplicateIdError('senders', record.id);
    return this.duplicateOf(record);
  }

  private async duplicateOf(record: SenderRecord): Promise<Error> {
    const existing = !isFinished(record) ? await this.findActive(record.accountSid, record.phoneNumber) : undefined;
    if (existing) return new DuplicateRegistrationError(record.accountSid, record.phoneNumber, existing.id);
    // The other record left play in between: the caller tries again.
    return new StaleRecordError('senders', record.id, record.version, undefined);
  }
}
