import type pg from 'pg';
import type { Logger } from '../../logger.js';

/**
 * Locks held by this process's database session (PostgreSQL advisory locks on one connection kept
 * for them): the server releases them the moment the process dies or its connection breaks, so
 * another replica can take the work over at once, with no lapse to wait for. Names are per schema.
 */
export class PgSessionLocks {
  private client?: pg.PoolClient;
  private connecting?: Promise<pg.PoolClient>;
  private readonly held = new Set<string>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  /** Takes the lock unless another session holds it; true when this process holds it now. */
  async tryLock(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const client = await this.session();
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended(current_schema() || ':' || $1, 0)) AS locked", [
      name,
    ]);
    const locked = rows[0]?.locked === true;
    if (locked && client === this.client) this.held.add(name);
    return locked && client === this.client;
  }

  /** Whether the lock is still held on a living connection. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  async unlock(name: string): Promise<void> {
    if (!this.held.delete(name) || !this.client) return;
    await this.client.query("SELECT pg_advisory_unlock(hashtextextended(current_schema() || ':' || $1, 0))", [name]);
  }

  /** Gives the connection back (and with it every lock), so the pool can end. */
  close(): void {
    this.closed = true;
    this.drop();
  }

  private async session(): Promise<pg.PoolClient> {
    if (this.closed) throw new Error('the store is closed');
    if (this.client) return this.client;
    this.connecting ??= this.pool.connect().then(
      (client) => {
        this.connecting = undefined;
        if (this.closed) {
          client.release();
          throw new Error('the store is closed');
        }
        client.on('error', (error) => {
          this.logger.warn('the database connection holding this replica’s locks broke; its work goes to whichever replica takes it', {
            error: error.message,
          });
          if (this.client === client) this.drop(error);
        });
        this.client = client;
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  private drop(error?: Error): void {
    this.held.clear();
    const client = this.client;
    this.client = undefined;
    // Destroyed, not pooled: the server then drops the locks, and no later user inherits them.
    client?.release(error ?? true);
  }
}
