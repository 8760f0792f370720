import type { Db } from './db.js';

/** A lease held: `token` is the fencing token, larger for every new holder. */
export interface HeldLease {
  name: string;
  holder: string;
  token: number;
  /** Server time (ms) at which it lapses unless renewed. */
  expiresAt: number;
}

interface Row {
  token: string;
  expires_at: Date;
}

const held = (name: string, holder: string, row: Row | undefined): HeldLease | undefined =>
  row && { name, holder, token: Number(row.token), expiresAt: row.expires_at.getTime() };

/**
 * Leases for work exactly one process does at a time, on the database's clock (so replicas whose
 * clocks differ agree). A holder that stops renewing loses the lease when it lapses, and the next
 * taker gets a larger token: work stamped with a smaller one comes from a holder that lost it.
 */
export class PgLeases {
  constructor(private readonly db: Db) {}

  /** Takes the lease when it is free, lapsed, or already this holder's (then renewed, same token); undefined when another holds it. */
  async take(name: string, holder: string, ttlMs: number): Promise<HeldLease | undefined> {
    const [row] = await this.db.write<Row>(
      `INSERT INTO leases AS l (name, holder, token, expires_at)
       VALUES ($1, $2, 1, clock_timestamp() + make_interval(secs => $3::float8 / 1000))
       ON CONFLICT (name) DO UPDATE SET
         holder = EXCLUDED.holder,
         token = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > clock_timestamp() THEN l.token ELSE l.token + 1 END,
         expires_at = EXCLUDED.expires_at
       WHERE l.holder = EXCLUDED.holder OR l.expires_at <= clock_timestamp()
       RETURNING token, expires_at`,
      [name, holder, ttlMs],
    );
    return held(name, holder, row);
  }

  /** Extends a lease still held with this token; undefined when it was lost (lapsed and taken, or released). */
  async renew(lease: HeldLease, ttlMs: number): Promise<HeldLease | undefined> {
    const [row] = await this.db.write<Row>(
      `UPDATE leases SET expires_at = clock_timestamp() + make_interval(secs => $4::float8 / 1000)
       WHERE name = $1 AND holder = $2 AND token = $3 AND expires_at > clock_timestamp()
       RETURNING token, expires_at`,
      [lease.name, lease.holder, lease.token, ttlMs],
    );
    return held(lease.name, lease.holder, row);
  }

  /** Gives the lease up at once (a clean stop), so another process need not wait for it to lapse. */
  async release(lease: HeldLease): Promise<void> {
    await this.db.write(`UPDATE leases SET expires_at = '-infinity' WHERE name = $1 AND holder = $2 AND token = $3`, [lease.name, lease.holder, lease.token]);
  }

  /** Whether this token still holds the lease now: the check before work that must not be done by a holder that lost it. */
  async stillHeld(lease: HeldLease): Promise<boolean> {
    const rows = await this.db.read('SELECT 1 FROM leases WHERE name = $1 AND token = $2 AND holder = $3 AND expires_at > clock_timestamp()', [
      lease.name,
      lease.token,
      lease.holder,
    ]);
    return rows.length > 0;
  }
}
