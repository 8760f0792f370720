import { isFinished, type SenderRecord } from '../schema.js';
import type { JsonDocument } from './json-document.js';

const NONE: ReadonlySet<SenderRecord> = new Set();

/**
 * The stored sender records with indexes by id, phone number and SID, so lookups stay fast at
 * 100,000+ records. Stored objects keep their identity for their lifetime: a save replaces
 * their contents, so the list and the indexes need no rebuild; only an undone insert (rare)
 * makes the index rebuild itself on its next use.
 */
export class SenderTable {
  private readonly byId = new Map<string, SenderRecord>();
  private readonly position = new Map<string, number>();
  private readonly byPhone = new Map<string, SenderRecord[]>();
  private readonly bySid = new Map<string, SenderRecord[]>();
  /** The records in state `queued`, by account: where a registration stands in its account's queue, without a look at every record. */
  private readonly queuedByAccount = new Map<string, Set<SenderRecord>>();
  private indexed?: SenderRecord[];
  private stale = true;

  constructor(private readonly doc: JsonDocument) {}

  /** Every stored record, insertion order. Not to be changed by the caller. */
  get all(): readonly SenderRecord[] {
    return this.doc.data.senders;
  }

  get(id: string): SenderRecord | undefined {
    return this.index().byId.get(id);
  }

  withPhone(phoneNumber: string): readonly SenderRecord[] {
    return this.index().byPhone.get(phoneNumber) ?? [];
  }

  /** The records of these numbers, insertion order. */
  withPhones(phoneNumbers: readonly string[]): SenderRecord[] {
    const found = [...new Set(phoneNumbers)].flatMap((phone) => this.withPhone(phone));
    const at = (r: SenderRecord) => this.position.get(r.id) ?? Number.MAX_SAFE_INTEGER;
    return found.sort((a, b) => at(a) - at(b));
  }

  /** The queued records of the account, in no particular order. */
  queuedIn(accountSid: string): ReadonlySet<SenderRecord> {
    return this.index().queuedByAccount.get(accountSid) ?? NONE;
  }

  withSid(sid: string): readonly SenderRecord[] {
    return this.index().bySid.get(sid) ?? [];
  }

  activeFor(accountSid: string, phoneNumber: string, exceptId?: string): SenderRecord | undefined {
    return this.withPhone(phoneNumber).find((s) => s.accountSid === accountSid && !isFinished(s) && s.id !== exceptId);
  }

  append(record: SenderRecord): void {
    const list = this.doc.data.senders;
    this.index();
    list.push(record);
    this.add(record, list.length - 1);
    this.indexed = list;
  }

  /** Takes back an append. */
  removeAppended(record: SenderRecord): void {
    const list = this.doc.data.senders;
    const at = list.lastIndexOf(record);
    if (at >= 0) list.splice(at, 1);
    this.stale = true;
  }

  /** Removes a stored record; returns where it was. */
  remove(record: SenderRecord): number {
    const list = this.doc.data.senders;
    const at = list.indexOf(record);
    if (at >= 0) list.splice(at, 1);
    this.stale = true;
    return at;
  }

  /** Takes back a remove. */
  putBack(record: SenderRecord, at: number): void {
    if (at >= 0) this.doc.data.senders.splice(at, 0, record);
    this.stale = true;
  }

  /** Gives a stored record new contents, keeping its identity; the indexes follow a changed SID or number. */
  replace(stored: SenderRecord, contents: SenderRecord): void {
    const sidBefore = stored.sid;
    const phoneBefore = stored.phoneNumber;
    const queuedBefore = stored.state === 'queued' ? stored.accountSid : undefined;
    for (const key of Object.keys(stored)) delete (stored as unknown as Record<string, unknown>)[key];
    Object.assign(stored, contents);
    this.doc.senderChanged(stored);
    if (!this.stale) {
      if (queuedBefore !== undefined) this.queuedByAccount.get(queuedBefore)?.delete(stored);
      this.addQueued(stored);
    }
    if (stored.phoneNumber !== phoneBefore) this.stale = true;
    else if (stored.sid !== sidBefore && !this.stale) {
      if (sidBefore) this.unlist(this.bySid, sidBefore, stored);
      if (stored.sid) this.list(this.bySid, stored.sid, stored);
    }
  }

  private index(): this {
    if (!this.stale && this.indexed === this.doc.data.senders) return this;
    this.byId.clear();
    this.position.clear();
    this.byPhone.clear();
    this.bySid.clear();
    this.queuedByAccount.clear();
    const list = this.doc.data.senders;
    for (let at = 0; at < list.length; at += 1) this.add(list[at]!, at);
    this.indexed = this.doc.data.senders;
    this.stale = false;
    return this;
  }

  private add(record: SenderRecord, at: number): void {
    if (!this.byId.has(record.id)) {
      this.byId.set(record.id, record);
      this.position.set(record.id, at);
    }
    this.list(this.byPhone, record.phoneNumber, record);
    if (record.sid) this.list(this.bySid, record.sid, record);
    this.addQueued(record);
  }

  private addQueued(record: SenderRecord): void {
    if (record.state !== 'queued') return;
    const queued = this.queuedByAccount.get(record.accountSid);
    if (queued) queued.add(record);
    else this.queuedByAccount.set(record.accountSid, new Set([record]));
  }

  /** Adds to a list kept in insertion order. */
  private list(map: Map<string, SenderRecord[]>, key: string, record: SenderRecord): void {
    const records = map.get(key);
    if (!records) {
      map.set(key, [record]);
      return;
    }
    records.push(record);
    const at = (r: SenderRecord) => this.position.get(r.id) ?? Number.MAX_SAFE_INTEGER;
    if (records.length > 1 && at(records.at(-2)!) > at(record)) records.sort((a, b) => at(a) - at(b));
  }

  private unlist(map: Map<string, SenderRecord[]>, key: string, record: SenderRecord): void {
    const records = map.get(key)?.filter((r) => r !== record);
    if (records?.length) map.set(key, records);
    else map.delete(key);
  }
}
