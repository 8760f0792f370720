import type { ClaimRepository } from '../repositories.js';
import type { Unit } from './unit.js';

interface Claim {
  holder: string;
  expiresAt: number;
}

/**
 * The claims of the one process that holds the data file (see lockDataFile): no other process
 * can hold one, and none outlives this process, so they are kept in memory and never written.
 */
export type ClaimTable = Map<string, Claim>;

export class LowdbClaims implements ClaimRepository {
  constructor(
    private readonly table: ClaimTable,
    private readonly unit: Unit,
  ) {}

  async take(key: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const current = this.table.get(key);
    if (current && current.holder !== holder && current.expiresAt > now) return false;
    this.table.set(key, { holder, expiresAt: now + ttlMs });
    this.unit.undoable(() => this.put(key, current), false);
    return true;
  }

  async release(key: string, holder: string): Promise<void> {
    const current = this.table.get(key);
    if (current?.holder !== holder) return;
    this.table.delete(key);
    this.unit.undoable(() => this.put(key, current), false);
  }

  private put(key: string, claim: Claim | undefined): void {
    if (claim) this.table.set(key, claim);
    else this.table.delete(key);
  }
}
