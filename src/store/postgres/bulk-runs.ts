import { type BulkRunRepository, DuplicateIdError, StaleRecordError } from '../repositories.js';
import type { BulkRun } from '../schema.js';
import { type Db, setVersion } from './db.js';

interface Row {
  doc: BulkRun;
  version: number;
}

const withVersion = ({ doc, version }: Row): BulkRun => ({ ...doc, version });

export class PgBulkRuns implements BulkRunRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<BulkRun | undefined> {
    const [row] = await this.db.read<Row>('SELECT doc, version FROM bulk_runs WHERE id = $1', [id]);
    return row && withVersion(row);
  }

  async list(options: { excludePreviews?: boolean; channel?: string } = {}): Promise<BulkRun[]> {
    const rows = await this.db.read<Row>(
      `SELECT doc, version FROM bulk_runs WHERE (NOT $1 OR state <> 'previewing') AND ($2::text IS NULL OR channel = $2) ORDER BY seq`,
      [options.excludePreviews ?? false, options.channel ?? null],
    );
    return rows.map(withVersion);
  }

  async inStates(states: readonly BulkRun['state'][]): Promise<BulkRun[]> {
    const rows = await this.db.read<Row>('SELECT doc, version FROM bulk_runs WHERE state = ANY($1::text[]) ORDER BY seq', [[...states]]);
    return rows.map(withVersion);
  }

  async insert(run: BulkRun): Promise<void> {
    const inserted = await this.db.write<{ id: string }>(
      `INSERT INTO bulk_runs (id, state, channel, created_by, version, doc) VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [run.id, run.state, run.channel, run.createdBy, { ...run, version: 1 }],
    );
    if (inserted.length === 0) throw new DuplicateIdError('bulkRuns', run.id);
    setVersion(this.db, run, 1);
  }

  async save(run: BulkRun): Promise<void> {
    const expected = run.version ?? 0;
    const rows = await this.db.write<{ version: number }>(
      `UPDATE bulk_runs SET state = $3, channel = $4, created_by = $5, doc = $6, version = version + 1
       WHERE id = $1 AND version = $2 RETURNING version`,
      [run.id, expected, run.state, run.channel, run.createdBy, { ...run, version: expected + 1 }],
    );
    if (rows.length === 0) {
      const [stored] = await this.db.read<{ version: number }>('SELECT version FROM bulk_runs WHERE id = $1', [run.id]);
      throw new StaleRecordError('bulkRuns', run.id, run.version, stored?.version);
    }
    setVersion(this.db, run, expected + 1);
  }

  async discardPreviewsOf(user: string): Promise<void> {
    await this.db.write(`DELETE FROM bulk_runs WHERE created_by = $1 AND state = 'previewing'`, [user]);
  }
}
