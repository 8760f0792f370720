import { randomBytes } from 'node:crypto';
import {
  type AccountRepository,
  type AuditRepository,
  type BulkRunRepository,
  type ChannelBindingRepository,
  type CustomerRepository,
  DuplicateCustomerError,
  DuplicateIdError,
  type NewOutboxItem,
  type OnboardingRepository,
  type OutboxBacklog,
  type OutboxRepository,
  type PendingPurchaseRepository,
  type PendingSubaccountRepository,
  type PollerStateRepository,
  StaleRecordError,
} from '../repositories.js';
import type { AuditEntry, BulkRun, Customer, Data, Onboarding, OutboxItem, PendingPurchase, PendingSubaccount, PollerState } from '../schema.js';
import { ignoreStorageError } from '../storage-error.js';
import type { JsonDocument } from './json-document.js';
import type { Unit } from './unit.js';

const copy = <T>(value: T): T => structuredClone(value);

/** The small collections of the document: lists of a few hundred entries at most, searched in full. */
abstract class Collection {
  constructor(
    protected readonly doc: JsonDocument,
    protected readonly unit: Unit,
  ) {}

  protected get data(): Data {
    return this.doc.data;
  }

  /** Appends to one of the document's lists, undoably. */
  protected append<K extends ListKey>(key: K, entry: Data[K][number]): Promise<void> {
    const list = this.data[key] as Data[K][number][];
    list.push(entry);
    this.unit.undoable(() => {
      const current = this.data[key] as Data[K][number][];
      const at = current.lastIndexOf(entry);
      if (at >= 0) current.splice(at, 1);
    });
    return this.unit.done();
  }

  /** Removes the first entry matching, undoably (back in its place). */
  protected removeWhere<K extends ListKey>(key: K, match: (entry: Data[K][number]) => boolean): Promise<boolean> {
    const list = this.data[key] as Data[K][number][];
    const at = list.findIndex(match);
    if (at < 0) return Promise.resolve(false);
    const [entry] = list.splice(at, 1);
    this.unit.undoable(() => (this.data[key] as Data[K][number][]).splice(at, 0, entry!));
    return this.unit.done().then(() => true);
  }

  /** Replaces an entry's contents, undoably. */
  protected replace<T extends object>(stored: T, contents: T): Promise<void> {
    const before = copy(stored);
    refill(stored, contents);
    this.unit.undoable(() => refill(stored, before));
    return this.unit.done();
  }

  /** Sets the version on the caller's object; a rolled-back transaction takes it back. */
  protected setVersion(record: { version?: number }, version: number): void {
    const before = record.version;
    record.version = version;
    this.unit.undoable(() => {
      record.version = before;
    });
  }

  /** Sets or deletes a key of one of the document's maps, undoably. */
  protected setKey(key: MapKey, name: string, value: string | undefined): Promise<void> {
    const map = this.data[key];
    const before = Object.hasOwn(map, name) ? map[name] : undefined;
    if (value === undefined) delete map[name];
    else map[name] = value;
    this.unit.undoable(() => {
      if (before === undefined) delete this.data[key][name];
      else this.data[key][name] = before;
    });
    return this.unit.done();
  }
}

type ListKey = 'customers' | 'audit' | 'outbox' | 'undelivered' | 'bulkRuns' | 'pendingSubaccounts' | 'onboardings' | 'pendingPurchases';
type MapKey = 'accountPace' | 'accountWabas' | 'channelBindings';

function refill<T extends object>(target: T, contents: T): void {
  for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, copy(contents));
}

export class LowdbCustomers extends Collection implements CustomerRepository {
  async get(id: string): Promise<Customer | undefined> {
    const found = this.data.customers.find((c) => c.id === id);
    return found && copy(found);
  }

  async find(nameOrSidOrId: string): Promise<Customer | undefined> {
    const key = nameOrSidOrId.trim().toLowerCase();
    const found = this.data.customers.find((c) => c.accountSid.toLowerCase() === key || c.name.toLowerCase() === key || c.id === nameOrSidOrId);
    return found && copy(found);
  }

  async byAccount(accountSid: string): Promise<Customer | undefined> {
    const found = this.data.customers.find((c) => c.accountSid === accountSid);
    return found && copy(found);
  }

  async list(): Promise<Customer[]> {
    return this.data.customers.map(copy);
  }

  async insert(customer: Customer): Promise<void> {
    this.refuseDuplicate(customer);
    const saving = this.append('customers', copy({ ...customer, version: 1 }));
    this.setVersion(customer, 1);
    await saving;
  }

  async save(customer: Customer): Promise<void> {
    const stored = this.data.customers.find((c) => c.id === customer.id);
    if (!stored || (stored.version ?? 0) !== (customer.version ?? 0)) throw new StaleRecordError('customers', customer.id, customer.version, stored?.version);
    this.refuseDuplicate(customer);
    const version = (customer.version ?? 0) + 1;
    const saving = this.replace(stored, { ...customer, version });
    this.setVersion(customer, version);
    await saving;
  }

  private refuseDuplicate(customer: Customer): void {
    for (const other of this.data.customers) {
      if (other.id === customer.id) {
        if (customer.version === undefined) throw new DuplicateCustomerError('id', customer.id);
        continue;
      }
      if (other.name.toLowerCase() === customer.name.toLowerCase()) throw new DuplicateCustomerError('name', customer.name);
      if (other.accountSid === customer.accountSid) throw new DuplicateCustomerError('accountSid', customer.accountSid);
    }
  }
}

export class LowdbBulkRuns extends Collection implements BulkRunRepository {
  async get(id: string): Promise<BulkRun | undefined> {
    const found = this.data.bulkRuns.find((r) => r.id === id);
    return found && copy(found);
  }

  async list(options: { excludePreviews?: boolean; channel?: string } = {}): Promise<BulkRun[]> {
    return this.data.bulkRuns
      .filter((r) => !(options.excludePreviews && r.state === 'previewing') && (options.channel === undefined || r.channel === options.channel))
      .map(copy);
  }

  async inStates(states: readonly BulkRun['state'][]): Promise<BulkRun[]> {
    return this.data.bulkRuns.filter((r) => states.includes(r.state)).map(copy);
  }

  async insert(run: BulkRun): Promise<void> {
    if (this.data.bulkRuns.some((r) => r.id === run.id)) throw new DuplicateIdError('bulkRuns', run.id);
    const saving = this.append('bulkRuns', copy({ ...run, version: 1 }));
    this.setVersion(run, 1);
    await saving;
  }

  async save(run: BulkRun): Promise<void> {
    const stored = this.data.bulkRuns.find((r) => r.id === run.id);
    if (!stored || (stored.version ?? 0) !== (run.version ?? 0)) throw new StaleRecordError('bulkRuns', run.id, run.version, stored?.version);
    const version = (run.version ?? 0) + 1;
    const saving = this.replace(stored, { ...run, version });
    this.setVersion(run, version);
    await saving;
  }

  async discardPreviewsOf(user: string): Promise<void> {
    const before = this.data.bulkRuns;
    const kept = before.filter((r) => !(r.state === 'previewing' && r.createdBy === user));
    if (kept.length === before.length) return;
    this.data.bulkRuns = kept;
    this.unit.undoable(() => {
      this.data.bulkRuns = before;
    });
    await this.unit.done();
  }
}

/** Kinds rendered from the latest state when delivered. */
const RENDERED_LATE = new Set<OutboxItem['kind']>(['refresh_sender_message', 'refresh_bulk_progress', 'post_sender_message']);

export class LowdbOutbox extends Collection implements OutboxRepository {
  async enqueue(item: NewOutboxItem, now: number): Promise<OutboxItem> {
    const waiting = RENDERED_LATE.has(item.kind)
      ? this.data.outbox.find((o) => o.kind === item.kind && o.senderId === item.senderId && o.runId === item.runId && !o.sendingAt)
      : undefined;
    if (waiting) {
      if (item.note) await this.replace(waiting, { ...waiting, note: item.note });
      return copy(waiting);
    }
    const stored: OutboxItem = { id: randomBytes(8).toString('hex'), createdAt: new Date(now).toISOString(), attempts: 0, ...copy(item) };
    await this.append('outbox', stored);
    return copy(stored);
  }

  async waiting(): Promise<OutboxItem[]> {
    return this.data.outbox.map(copy);
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    const found = this.data.outbox.find((o) => o.id === id);
    return found && copy(found);
  }

  async find(match: { kind?: OutboxItem['kind']; senderId?: string; runId?: string; onboardingId?: string }): Promise<OutboxItem[]> {
    return this.data.outbox
      .filter(
        (o) =>
          (match.kind === undefined || o.kind === match.kind) &&
          (match.senderId === undefined || o.senderId === match.senderId) &&
          (match.runId === undefined || o.runId === match.runId) &&
          (match.onboardingId === undefined || o.onboardingId === match.onboardingId),
      )
      .map(copy);
  }

  async save(item: OutboxItem): Promise<void> {
    const stored = this.data.outbox.find((o) => o.id === item.id);
    if (stored) await this.replace(stored, item);
  }

  async markSending(id: string, at: string): Promise<void> {
    const stored = this.data.outbox.find((o) => o.id === id);
    if (stored) await this.replace(stored, { ...stored, sendingAt: at });
  }

  async remove(id: string): Promise<void> {
    await this.removeWhere('outbox', (o) => o.id === id);
  }

  async setAside(item: OutboxItem): Promise<void> {
    await this.removeWhere('outbox', (o) => o.id === item.id);
    await this.append('undelivered', copy(item));
  }

  async backlog(): Promise<OutboxBacklog> {
    let oldestAt: number | undefined;
    for (const item of this.data.outbox) {
      const at = Date.parse(item.createdAt);
      if (oldestAt === undefined || at < oldestAt) oldestAt = at;
    }
    return { waiting: this.data.outbox.length, oldestAt, undelivered: this.data.undelivered.length };
  }

  async undelivered(): Promise<OutboxItem[]> {
    return this.data.undelivered.map(copy);
  }
}

export class LowdbAudit extends Collection implements AuditRepository {
  add(entry: AuditEntry): Promise<void> {
    return this.append('audit', copy(entry));
  }

  async recent(limit: number): Promise<AuditEntry[]> {
    return this.data.audit.slice(-limit).map(copy);
  }
}

export class LowdbChannelBindings extends Collection implements ChannelBindingRepository {
  async get(channel: string): Promise<string | undefined> {
    return Object.hasOwn(this.data.channelBindings, channel) ? this.data.channelBindings[channel] : undefined;
  }

  set(channel: string, customerId: string): Promise<void> {
    return this.setKey('channelBindings', channel, customerId);
  }

  async remove(channel: string): Promise<boolean> {
    if (!(await this.get(channel))) return false;
    await this.setKey('channelBindings', channel, undefined);
    return true;
  }

  async list(): Promise<Record<string, string>> {
    return { ...this.data.channelBindings };
  }
}

export class LowdbAccounts extends Collection implements AccountRepository {
  // Each check-and-set below reads and changes memory with no await between: callers in one
  // process cannot interleave there, so one of them wins.

  async pace(accountSid: string, now?: number): Promise<number | undefined> {
    const { at, moved } = this.paceAt(accountSid, now);
    // Kept in memory if the write fails: the store's retry writes it.
    if (moved) await moved.catch(ignoreStorageError);
    return at;
  }

  async takeTurn(accountSid: string, now: number, minIntervalMs: number): Promise<boolean> {
    const { at, moved } = this.paceAt(accountSid, now);
    if (at !== undefined && now < at + minIntervalMs) {
      if (moved) await moved.catch(ignoreStorageError);
      return false;
    }
    await this.setKey('accountPace', accountSid, new Date(now).toISOString());
    return true;
  }

  setPace(accountSid: string, at: number | undefined): Promise<void> {
    return this.setKey('accountPace', accountSid, at === undefined ? undefined : new Date(at).toISOString());
  }

  async waba(accountSid: string): Promise<string | undefined> {
    return this.known(accountSid);
  }

  async wabas(): Promise<Record<string, string>> {
    return { ...this.data.accountWabas };
  }

  async linkWaba(accountSid: string, wabaId: string): Promise<string> {
    const known = this.known(accountSid);
    if (known) return known;
    await this.setKey('accountWabas', accountSid, wabaId);
    return wabaId;
  }

  private known(accountSid: string): string | undefined {
    return Object.hasOwn(this.data.accountWabas, accountSid) ? this.data.accountWabas[accountSid] : undefined;
  }

  /** The stored pace; one after `now` is moved to `now` at once (`moved`: its write). */
  private paceAt(accountSid: string, now?: number): { at?: number; moved?: Promise<void> } {
    const stored = Object.hasOwn(this.data.accountPace, accountSid) ? this.data.accountPace[accountSid] : undefined;
    if (!stored) return {};
    const at = Date.parse(stored);
    if (now === undefined || !(at > now)) return { at };
    return { at: now, moved: this.setKey('accountPace', accountSid, new Date(now).toISOString()) };
  }
}

export class LowdbOnboardings extends Collection implements OnboardingRepository {
  async get(id: string): Promise<Onboarding | undefined> {
    const found = this.data.onboardings.find((o) => o.id === id);
    return found && copy(found);
  }

  async insert(onboarding: Onboarding): Promise<void> {
    if (this.data.onboardings.some((o) => o.id === onboarding.id)) throw new DuplicateIdError('onboardings', onboarding.id);
    await this.append('onboardings', copy(onboarding));
  }

  async save(onboarding: Onboarding): Promise<void> {
    const stored = this.data.onboardings.find((o) => o.id === onboarding.id);
    if (stored) await this.replace(stored, onboarding);
  }

  async remove(id: string): Promise<void> {
    await this.removeWhere('onboardings', (o) => o.id === id);
  }

  async list(): Promise<Onboarding[]> {
    return this.data.onboardings.map(copy);
  }
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export class LowdbPendingSubaccounts extends Collection implements PendingSubaccountRepository {
  async list(): Promise<PendingSubaccount[]> {
    return this.data.pendingSubaccounts.map(copy);
  }

  async find(name: string): Promise<PendingSubaccount | undefined> {
    const found = this.data.pendingSubaccounts.find((p) => sameName(p.name, name));
    return found && copy(found);
  }

  add(entry: PendingSubaccount): Promise<void> {
    return this.append('pendingSubaccounts', copy(entry));
  }

  async remove(name: string): Promise<void> {
    await this.removeWhere('pendingSubaccounts', (p) => sameName(p.name, name));
  }
}

export class LowdbPendingPurchases extends Collection implements PendingPurchaseRepository {
  async find(phoneNumber: string): Promise<PendingPurchase | undefined> {
    const found = this.data.pendingPurchases.find((p) => p.phoneNumber === phoneNumber);
    return found && copy(found);
  }

  add(entry: PendingPurchase): Promise<void> {
    return this.append('pendingPurchases', copy(entry));
  }

  async remove(phoneNumber: string): Promise<void> {
    await this.removeWhere('pendingPurchases', (p) => p.phoneNumber === phoneNumber);
  }

  async list(): Promise<PendingPurchase[]> {
    return this.data.pendingPurchases.map(copy);
  }
}

export class LowdbPollerState extends Collection implements PollerStateRepository {
  async get(): Promise<PollerState> {
    return copy(this.data.poller);
  }

  async set(state: PollerState): Promise<void> {
    const before = this.data.poller;
    this.data.poller = copy(state);
    this.unit.undoable(() => {
      this.data.poller = before;
    });
    await this.unit.done();
  }
}
