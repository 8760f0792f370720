import type { RequestDeadline } from '../deadline.js';
import type { JsonDocument } from './json-document.js';

/**
 * How the repositories' changes to the document in memory reach the disk. Outside a
 * transaction every write method is a unit of its own: one (coalesced) file write, and a failed
 * write keeps the change in memory for the store's retry. Inside `atomically`, changes are
 * written once at the end, and taken back when that write fails or the work throws.
 */
export interface Unit {
  /** Records how to take back a change just made in memory. */
  undoable(undo: () => void): void;
  /** Resolves once the change is durable (outside a transaction), or at once (inside). */
  done(): Promise<void>;
}

export const singleWrites = (doc: JsonDocument): Unit => ({
  undoable: () => undefined,
  done: () => doc.write(),
});

export class Transaction implements Unit {
  private readonly undos: (() => void)[] = [];
  private open = true;

  undoable(undo: () => void): void {
    if (!this.open) throw new Error('a transaction is used after it ended');
    this.undos.push(undo);
  }

  done(): Promise<void> {
    return Promise.resolve();
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

/**
 * Lone writes of a request before its answer (Store.bounded): each is durable when it returns,
 * or taken back and rejected, at the latest by the deadline (see JsonDocument.write).
 */
export const boundedWrites = (doc: JsonDocument, deadline: RequestDeadline): Unit => {
  const undos: (() => void)[] = [];
  return {
    undoable: (undo) => {
      undos.push(undo);
    },
    // Gathered a tick later: a write method may record a last undo right after asking for the write.
    done: () =>
      Promise.resolve().then(() => {
        const mine = undos.splice(0).reverse();
        return doc.write(() => {
          for (const undo of mine) undo();
        }, deadline);
      }),
  };
};
