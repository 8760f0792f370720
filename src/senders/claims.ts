/**
 * Queued records a person's request is handling right now (a registration between its ack
 * and its create). The create queue leaves them alone; after a crash the set is empty and the
 * queue takes them over, so an acknowledged registration is never lost.
 */
const claimed = new Set<string>();

export const claim = (id: string): void => {
  claimed.add(id);
};
export const release = (id: string): void => {
  claimed.delete(id);
};
export const isClaimed = (id: string): boolean => claimed.has(id);
