import type { ClaimRepository } from '../repositories.js';
import type { Db } from './db.js';

/** Claims in one table every replica sees; taking one is a single conditional insert, so two takers never both win. */
export class PgClaims implements ClaimRepository {
  constructor(private readonly db: Db) {}

  async take(key: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const taken = await this.db.write(
      `INSERT INTO claims AS c (key, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE c.holder = EXCLUDED.holder OR c.expires_at <= $4
       RETURNING key`,
      [key, holder, now + ttlMs, now],
    );
    return taken.length > 0;
  }

  async release(key: string, holder: string): Promise<void> {
    await this.db.write('DELETE FROM claims WHERE key = $1 AND holder = $2', [key, holder]);
  }
}
