import type { SenderRecord } from './schema.js';
import type { Store } from './db.js';

const FINISHED = new Set(['failed', 'abandoned']);

export const findSenderById = (store: Store, id: string): SenderRecord | undefined =>
  store.data.senders.find((s) => s.id === id);

/** The newest record for a sender SID or a phone number, preferring ones still in play. */
export function findSender(store: Store, sidOrNumber: string): SenderRecord | undefined {
  const matches = store.data.senders.filter((s) => s.sid === sidOrNumber || s.phoneNumber === sidOrNumber);
  return matches.find((s) => !FINISHED.has(s.state)) ?? matches.at(-1);
}

/** A registration of this number in this account that has not failed or been abandoned. */
export const findActiveRegistration = (store: Store, accountSid: string, phoneNumber: string): SenderRecord | undefined =>
  store.data.senders.find((s) => s.accountSid === accountSid && s.phoneNumber === phoneNumber && !FINISHED.has(s.state));

export function addSender(store: Store, record: SenderRecord): void {
  store.data.senders.push(record);
}
