/**
 * How the repositories' changes to the document in memory reach the disk. Every write happens
 * in a transaction: inside `atomically` one for all its work, outside it one per write method
 * call (LowdbStore). The changes are written once at the end of the transaction, and taken back
 * when that write fails or the work throws: a failed write keeps nothing, in memory or on disk.
 */
export interface Unit {
  /**
   * Records how to take back a change just made in memory. `written` false: the change lives in
   * memory only (this process's claims) and asks for no write of the file.
   */
  undoable(undo: () => void, written?: boolean): void;
  /** Resolves at once: the transaction's owner writes the changes when it ends. */
  done(): Promise<void>;
}

export class Transaction implements Unit {
  private readonly undos: (() => void)[] = [];
  private writes = 0;
  private open = true;

  undoable(undo: () => void, written = true): void {
    if (!this.open) throw new Error('a transaction is used after it ended');
    this.undos.push(undo);
    if (written) this.writes += 1;
  }

  done(): Promise<void> {
    return Promise.resolve();
  }

  /** Whether anything the file holds was changed (a transaction that only read, or only took claims, needs no write). */
  get changed(): boolean {
    return this.writes > 0;
  }

  /** Takes back every change, newest first. */
  rollBack(): void {
    this.open = false;
    for (const undo of this.undos.splice(0).reverse()) undo();
  }

  /** Ends the transaction; the returned function rolls its changes back. */
  end(): () => void {
    this.open = false;
    const undos = this.undos.splice(0).reverse();
    return () => {
      for (const undo of undos) undo();
    };
  }
}
