import type { Store } from './db.js';
import { isFinished, type SenderRecord } from './schema.js';

interface SenderIndex {
  indexed: number;
  byId: Map<string, SenderRecord>;
  byPhone: Map<string, SenderRecord[]>;
}

const indexes = new WeakMap<SenderRecord[], SenderIndex>();

/**
 * Records by id and by phone number, which never change once a record exists. Records are only
 * ever appended, so the index catches up with what was appended since it last looked; a list
 * that shrank (replaced under it) is indexed afresh.
 */
function indexOf(senders: SenderRecord[]): SenderIndex {
  let index = indexes.get(senders);
  if (!index || index.indexed > senders.length) {
    index = { indexed: 0, byId: new Map(), byPhone: new Map() };
    indexes.set(senders, index);
  }
  for (; index.indexed < senders.length; index.indexed++) {
    const record = senders[index.indexed]!;
    if (!index.byId.has(record.id)) index.byId.set(record.id, record);
    const samePhone = index.byPhone.get(record.phoneNumber);
    if (samePhone) samePhone.push(record);
    else index.byPhone.set(record.phoneNumber, [record]);
  }
  return index;
}

export const findSenderById = (store: Store, id: string): SenderRecord | undefined => indexOf(store.data.senders).byId.get(id);

/** The newest record for a sender SID or a phone number, preferring ones still in play. */
export function findSender(store: Store, sidOrNumber: string): SenderRecord | undefined {
  // A SID is given to a record after its create, so SIDs are searched rather than indexed.
  const matches = sidOrNumber.startsWith('+')
    ? (indexOf(store.data.senders).byPhone.get(sidOrNumber) ?? [])
    : store.data.senders.filter((s) => s.sid === sidOrNumber);
  return matches.find((s) => !isFinished(s)) ?? matches.at(-1);
}

/** A registration of this number in this account that has not failed or been abandoned. */
export const findActiveRegistration = (store: Store, accountSid: string, phoneNumber: string): SenderRecord | undefined =>
  indexOf(store.data.senders)
    .byPhone.get(phoneNumber)
    ?.find((s) => s.accountSid === accountSid && !isFinished(s));

export function addSender(store: Store, record: SenderRecord): void {
  store.data.senders.push(record);
}
