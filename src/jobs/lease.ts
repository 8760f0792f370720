import type { Logger } from '../logger.js';
import type { HeldLease } from '../store/postgres/leases.js';

/** Where leases are kept: the database's lease table (see store/postgres/leases.ts). */
export interface LeaseTable {
  take(name: string, holder: string, ttlMs: number): Promise<HeldLease | undefined>;
  renew(lease: HeldLease, ttlMs: number): Promise<HeldLease | undefined>;
  release(lease: HeldLease): Promise<void>;
  stillHeld(lease: HeldLease): Promise<boolean>;
}

/** Work that one process does at a time among the replicas of one database. */
export interface JobLease {
  /** Takes the lease when it is free or lapsed, renews it when this process holds it; whether it is held now. */
  hold(): Promise<boolean>;
  /** Whether it is still held: asked before work that a holder which lost it must not do. */
  stillHeld(): Promise<boolean>;
  /** Gives it up at once (a clean stop, or no more work), so another process need not wait for it to lapse. */
  release(): Promise<void>;
}

/** One process on its own store (lowdb, whose file lock refuses a second process): always held. */
export const soleLease: JobLease = {
  hold: async () => true,
  stillHeld: async () => true,
  release: async () => {},
};

export interface SharedLeaseOptions {
  /** How long the lease lasts after its last renewal: a holder that died loses it this long after. */
  ttlMs: number;
  /** Renew it by itself (every third of ttlMs) while held, so it never lapses between uses of a living holder. */
  keepAlive?: boolean;
}

/**
 * A lease in the database shared by the replicas. The token of a holder changes only when another
 * took the lease meanwhile (see PgLeases), which `stillHeld` detects.
 */
export class SharedLease implements JobLease {
  private lease?: HeldLease;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly table: LeaseTable,
    readonly name: string,
    private readonly holder: string,
    private readonly logger: Logger,
    private readonly options: SharedLeaseOptions,
  ) {}

  async hold(): Promise<boolean> {
    const before = this.lease?.token;
    this.lease = await this.table.take(this.name, this.holder, this.options.ttlMs);
    if (this.lease && this.lease.token !== before) this.logger.info('took over work shared by the replicas', { lease: this.name, token: this.lease.token });
    if (!this.lease) this.stopRenewing();
    else if (this.options.keepAlive) this.renewEvery(this.options.ttlMs / 3);
    return Boolean(this.lease);
  }

  async stillHeld(): Promise<boolean> {
    if (!this.lease) return false;
    const held = await this.table.stillHeld(this.lease);
    if (!held) this.lost();
    return held;
  }

  async release(): Promise<void> {
    this.stopRenewing();
    const lease = this.lease;
    this.lease = undefined;
    if (lease) await this.table.release(lease);
  }

  private renewEvery(ms: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const lease = this.lease;
      if (!lease) return this.stopRenewing();
      this.table.renew(lease, this.options.ttlMs).then(
        (renewed) => {
          if (this.lease !== lease) return;
          if (renewed) this.lease = renewed;
          else this.lost();
        },
        // The database does not answer: the lease lapses unless a later renewal gets through.
        (error: unknown) => this.logger.warn('could not renew a lease', { lease: this.name, error: (error as Error).message }),
      );
    }, ms);
    this.timer.unref();
  }

  private lost(): void {
    if (this.lease) this.logger.warn('another replica took over work this one held', { lease: this.name });
    this.lease = undefined;
    this.stopRenewing();
  }

  private stopRenewing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Where session locks are kept: the database session of this process (see store/postgres/session-locks.ts). */
export interface SessionLocks {
  tryLock(name: string): Promise<boolean>;
  holds(name: string): boolean;
  unlock(name: string): Promise<void>;
}

/**
 * A lock that lives as long as this process's database session: released by the server the moment
 * the process dies, so no lapse is waited for. For work in flight rather than on a schedule.
 */
export class SessionLease implements JobLease {
  constructor(
    private readonly locks: SessionLocks,
    readonly name: string,
  ) {}

  hold(): Promise<boolean> {
    return this.locks.tryLock(this.name);
  }

  async stillHeld(): Promise<boolean> {
    return this.locks.holds(this.name);
  }

  release(): Promise<void> {
    return this.locks.unlock(this.name);
  }
}

/** Session leases of a store: in the database when it has session locks, else held by the one process. */
export function sessionLeasesFor(store: { locks?: SessionLocks }): (name: string) => JobLease {
  const locks = store.locks;
  if (!locks) return () => soleLease;
  return (name) => new SessionLease(locks, name);
}

/** The leases of a store: shared in the database when it has a lease table, else held by the one process. */
export function leasesFor(
  store: { kind: string; leases?: LeaseTable },
  holder: string,
  logger: Logger,
): (name: string, options: SharedLeaseOptions) => JobLease {
  const table = store.leases;
  if (!table) return () => soleLease;
  return (name, options) => new SharedLease(table, name, holder, logger, options);
}
