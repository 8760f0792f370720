/**
 * Work this process is doing right now, by key: a registration between its ack and its create,
 * a button's action on a registration, a customer being added, a sender being watched. A second
 * request for the same key gets a polite no instead of doing the work twice. After a crash the
 * set is empty: what the store says was in flight is then reconciled with Twilio.
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
