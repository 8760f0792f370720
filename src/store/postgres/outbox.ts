import { randomBytes } from 'node:crypto';
import type { NewOutboxItem, OutboxBacklog, OutboxRepository } from '../repositories.js';
import { RENDERED_LATE } from '../rules/outbox.js';
import type { OutboxItem } from '../schema.js';
import { violatedConstraint } from './database-error.js';
import type { Db } from './db.js';

/** rules/outbox.ts joins, as the partial unique index outbox_one_waiting_render holds it. */
const IS_RENDERED_LATE = `kind IN (${RENDERED_LATE.map((kind) => `'${kind}'`).join(', ')}) AND sending_at IS NULL`;

const columnsOf = (item: OutboxItem) => [item.kind, item.senderId ?? null, item.runId ?? null, item.onboardingId ?? null, item.sendingAt ?? null];

export class PgOutbox implements OutboxRepository {
  constructor(private readonly db: Db) {}

  async enqueue(item: NewOutboxItem, now: number): Promise<OutboxItem> {
    const stored: OutboxItem = { id: randomBytes(8).toString('hex'), createdAt: new Date(now).toISOString(), attempts: 0, ...item };
    // The partial unique index makes the coalescing hold across processes: the waiting item takes the note.
    const [row] = await this.db.write<{ doc: OutboxItem }>(
      `INSERT INTO outbox (id, created_at, doc, kind, sender_id, run_id, onboarding_id, sending_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (kind, coalesce(sender_id, ''), coalesce(run_id, '')) WHERE ${IS_RENDERED_LATE}
       DO UPDATE SET doc = CASE WHEN $9::text IS NULL THEN outbox.doc ELSE jsonb_set(outbox.doc, '{note}', to_jsonb($9::text)) END
       RETURNING doc`,
      [stored.id, stored.createdAt, stored, ...columnsOf(stored), item.note ?? null],
    );
    return row!.doc;
  }

  /** Stores an item exactly as given (its id and time too), after those already waiting: for an import. */
  async insertAsIs(item: OutboxItem): Promise<void> {
    await this.db.write(
      `INSERT INTO outbox (id, created_at, doc, kind, sender_id, run_id, onboarding_id, sending_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [item.id, item.createdAt, item, ...columnsOf(item)],
    );
  }

  async waiting(): Promise<OutboxItem[]> {
    return (await this.db.read<{ doc: OutboxItem }>('SELECT doc FROM outbox ORDER BY seq')).map((row) => row.doc);
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    const [row] = await this.db.read<{ doc: OutboxItem }>('SELECT doc FROM outbox WHERE id = $1', [id]);
    return row?.doc;
  }

  async find(match: { kind?: OutboxItem['kind']; senderId?: string; runId?: string; onboardingId?: string }): Promise<OutboxItem[]> {
    const rows = await this.db.read<{ doc: OutboxItem }>(
      `SELECT doc FROM outbox
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR sender_id = $2)
         AND ($3::text IS NULL OR run_id = $3) AND ($4::text IS NULL OR onboarding_id = $4)
       ORDER BY seq`,
      [match.kind ?? null, match.senderId ?? null, match.runId ?? null, match.onboardingId ?? null],
    );
    return rows.map((row) => row.doc);
  }

  async save(item: OutboxItem): Promise<void> {
    try {
      await this.db.guarded(() =>
        this.db.write('UPDATE outbox SET doc = $2, kind = $3, sender_id = $4, run_id = $5, onboarding_id = $6, sending_at = $7 WHERE id = $1', [
          item.id,
          item,
          ...columnsOf(item),
        ]),
      );
    } catch (error) {
      // Back to waiting beside another waiting item of its kind: both stay, as they would in the data file.
      if (violatedConstraint(error) !== 'outbox_one_waiting_render') throw error;
      await this.db.write('UPDATE outbox SET doc = $2 WHERE id = $1', [item.id, item]);
    }
  }

  async markSending(id: string, at: string): Promise<void> {
    await this.db.write(`UPDATE outbox SET sending_at = $2, doc = jsonb_set(doc, '{sendingAt}', to_jsonb($2::text)) WHERE id = $1`, [id, at]);
  }

  async remove(id: string): Promise<void> {
    await this.db.write('DELETE FROM outbox WHERE id = $1', [id]);
  }

  async setAside(item: OutboxItem): Promise<void> {
    await this.db.write('WITH gone AS (DELETE FROM outbox WHERE id = $1) INSERT INTO undelivered (id, doc) VALUES ($1, $2)', [item.id, item]);
  }

  async undelivered(): Promise<OutboxItem[]> {
    return (await this.db.read<{ doc: OutboxItem }>('SELECT doc FROM undelivered ORDER BY seq')).map((row) => row.doc);
  }

  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.db.read<{ waiting: string; oldest: Date | null; undelivered: string }>(
      'SELECT (SELECT count(*) FROM outbox) AS waiting, (SELECT min(created_at) FROM outbox) AS oldest, (SELECT count(*) FROM undelivered) AS undelivered',
    );
    return { waiting: Number(row?.waiting ?? 0), oldestAt: row?.oldest ? row.oldest.getTime() : undefined, undelivered: Number(row?.undelivered ?? 0) };
  }
}
