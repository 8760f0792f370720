/**
 * Work this process is doing right now, by key: a registration between its ack and its create
 * (which this process's create queue and unconfirmed-create check leave alone meanwhile), a
 * sender its poll is checking. These keep one process from doing its own work twice; across
 * replicas the store already guards the same work (a create's turn and the record's version, the
 * poll lease and the record's version). Work a person asks for, which must happen once across
 * replicas, holds the store's claim instead (once-at-a-time.ts). After a crash the set is empty:
 * what the store says was in flight is then reconciled with Twilio.
 */
export class Claims {
  private readonly held = new Set<string>();

  /** Takes the key; false if it is already held. */
  take(key: string): boolean {
    if (this.held.has(key)) return false;
    this.held.add(key);
    return true;
  }

  release(key: string): void {
    this.held.delete(key);
  }

  has(key: string): boolean {
    return this.held.has(key);
  }

  /** Runs `work` holding the key, or returns `busy()` when another request holds it. */
  async exclusive<T>(key: string, busy: () => T, work: () => Promise<T>): Promise<T> {
    if (!this.take(key)) return busy();
    try {
      return await work();
    } finally {
      this.release(key);
    }
  }
}

export const registrationKey = (recordId: string) => `registration:${recordId}`;
