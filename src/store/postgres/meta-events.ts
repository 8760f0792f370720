import type { MetaEventRepository } from '../repositories.js';
import type { Db } from './db.js';

/** The keys in one table every replica sees: adding one is a single insert that does nothing on a key stored already. */
export class PgMetaEvents implements MetaEventRepository {
  constructor(private readonly db: Db) {}

  async add(key: string, wabaId: string, at: number): Promise<boolean> {
    const added = await this.db.write(
      'INSERT INTO meta_events (key, waba_id, added_at) VALUES ($1, $2, $3::timestamptz) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key, wabaId, new Date(at)],
    );
    return added.length > 0;
  }

  async forgetBefore(cutoff: number): Promise<number> {
    const [row] = await this.db.write<{ count: string }>(
      'WITH forgotten AS (DELETE FROM meta_events WHERE added_at < $1::timestamptz RETURNING 1) SELECT count(*) AS count FROM forgotten',
      [new Date(cutoff)],
    );
    return Number(row?.count ?? 0);
  }
}
