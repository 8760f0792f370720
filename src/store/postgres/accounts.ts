import type { AccountRepository } from '../repositories.js';
import type { Db } from './db.js';

export class PgAccounts implements AccountRepository {
  constructor(private readonly db: Db) {}

  async pace(accountSid: string, now?: number): Promise<number | undefined> {
    if (now === undefined) return this.stored(accountSid);
    // A time after `now` was recorded while the host clock ran ahead: it becomes `now`.
    const [row] = await this.db.write<{ at: Date | null }>(
      `WITH clamped AS (
         UPDATE accounts SET last_create_at = $2::timestamptz WHERE account_sid = $1 AND last_create_at > $2::timestamptz RETURNING last_create_at
       )
       SELECT coalesce((SELECT last_create_at FROM clamped), (SELECT last_create_at FROM accounts WHERE account_sid = $1)) AS at`,
      [accountSid, new Date(now)],
    );
    return row?.at ? row.at.getTime() : undefined;
  }

  /**
   * Each statement is atomic and re-checks its condition after waiting for a concurrent one, so
   * two processes asking at once get one turn between them.
   */
  async takeTurn(accountSid: string, now: number, minIntervalMs: number): Promise<boolean> {
    const at = new Date(now);
    const taken = await this.db.write(
      `UPDATE accounts SET last_create_at = $2::timestamptz
       WHERE account_sid = $1 AND (last_create_at IS NULL OR last_create_at <= $2::timestamptz - make_interval(secs => $3::float8 / 1000))
       RETURNING 1`,
      [accountSid, at, minIntervalMs],
    );
    if (taken.length > 0) return true;
    const first = await this.db.write(
      'INSERT INTO accounts (account_sid, last_create_at) VALUES ($1, $2::timestamptz) ON CONFLICT (account_sid) DO NOTHING RETURNING 1',
      [accountSid, at],
    );
    if (first.length > 0) return true;
    await this.db.write('UPDATE accounts SET last_create_at = $2::timestamptz WHERE account_sid = $1 AND last_create_at > $2::timestamptz', [accountSid, at]);
    return false;
  }

  private async stored(accountSid: string): Promise<number | undefined> {
    const [row] = await this.db.read<{ at: Date | null }>('SELECT last_create_at AS at FROM accounts WHERE account_sid = $1', [accountSid]);
    return row?.at ? row.at.getTime() : undefined;
  }

  async setPace(accountSid: string, at: number | undefined): Promise<void> {
    await this.db.write(
      `INSERT INTO accounts (account_sid, last_create_at) VALUES ($1, $2::timestamptz)
       ON CONFLICT (account_sid) DO UPDATE SET last_create_at = EXCLUDED.last_create_at`,
      [accountSid, at === undefined ? null : new Date(at)],
    );
  }

  async waba(accountSid: string): Promise<string | undefined> {
    const [row] = await this.db.read<{ waba_id: string | null }>('SELECT waba_id FROM accounts WHERE account_sid = $1', [accountSid]);
    return row?.waba_id ?? undefined;
  }

  async wabas(): Promise<Record<string, string>> {
    const rows = await this.db.read<{ account_sid: string; waba_id: string }>('SELECT account_sid, waba_id FROM accounts WHERE waba_id IS NOT NULL');
    return Object.fromEntries(rows.map((row) => [row.account_sid, row.waba_id]));
  }

  async holdersOf(wabaIds: readonly string[]): Promise<Record<string, string>> {
    if (wabaIds.length === 0) return {};
    const rows = await this.db.read<{ account_sid: string; waba_id: string }>('SELECT account_sid, waba_id FROM accounts WHERE waba_id = ANY($1::text[])', [
      [...wabaIds],
    ]);
    return Object.fromEntries(rows.map((row) => [row.account_sid, row.waba_id]));
  }

  async linkWaba(accountSid: string, wabaId: string): Promise<string> {
    const [row] = await this.db.write<{ waba_id: string }>(
      `INSERT INTO accounts AS a (account_sid, waba_id) VALUES ($1, $2)
       ON CONFLICT (account_sid) DO UPDATE SET waba_id = coalesce(a.waba_id, EXCLUDED.waba_id)
       RETURNING waba_id`,
      [accountSid, wabaId],
    );
    return row!.waba_id;
  }
}
