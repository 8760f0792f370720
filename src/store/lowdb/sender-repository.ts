import {
  type AccountQueue,
  type DueBounds,
  type DuePlan,
  DuplicateIdError,
  DuplicateRegistrationError,
  type HomeSummary,
  type Page,
  type SenderFilter,
  type SenderRepository,
  type SenderTally,
  type ShownStatusGroup,
  StaleRecordError,
} from '../repositories.js';
import { duePlanOf } from '../rules/due.js';
import { goesByOneOf } from '../rules/name-keys.js';
import { aheadInQueueOf, createQueuesOf, inQueueOrder } from '../rules/queue.js';
import { matchesFilter } from '../rules/sender-filter.js';
import { groupByShownStatusOf, homeOf, tallyOf } from '../rules/summaries.js';
import { isFinished, type SenderRecord } from '../schema.js';
import { copy } from './collection.js';
import type { JsonDocument } from './json-document.js';
import type { SenderTable } from './sender-table.js';
import type { Unit } from './unit.js';

export class LowdbSenders implements SenderRepository {
  constructor(
    private readonly doc: JsonDocument,
    private readonly table: SenderTable,
    private readonly unit: Unit,
  ) {}

  async get(id: string): Promise<SenderRecord | undefined> {
    const found = this.table.get(id);
    return found && copy(found);
  }

  async getMany(ids: readonly string[]): Promise<SenderRecord[]> {
    return ids.flatMap((id) => {
      const found = this.table.get(id);
      return found ? [copy(found)] : [];
    });
  }

  async findBySidOrPhone(key: string): Promise<SenderRecord | undefined> {
    const candidates = key.startsWith('+') ? this.table.withPhone(key) : this.table.withSid(key);
    const found = candidates.find((s) => !isFinished(s)) ?? candidates.at(-1);
    return found && copy(found);
  }

  async withSid(sid: string, accountSid?: string): Promise<SenderRecord[]> {
    return this.table
      .withSid(sid)
      .filter((r) => accountSid === undefined || r.accountSid === accountSid)
      .map(copy);
  }

  async findActive(accountSid: string, phoneNumber: string): Promise<SenderRecord | undefined> {
    const found = this.table.activeFor(accountSid, phoneNumber);
    return found && copy(found);
  }

  async insert(record: SenderRecord): Promise<void> {
    if (this.table.get(record.id)) throw new DuplicateIdError('senders', record.id);
    this.refuseDuplicate(record);
    const stored = copy({ ...record, version: 1 });
    this.table.append(stored);
    const versionBefore = record.version;
    record.version = 1;
    this.unit.undoable(() => {
      this.table.removeAppended(stored);
      record.version = versionBefore;
    });
    await this.unit.done();
  }

  async save(record: SenderRecord): Promise<void> {
    const stored = this.table.get(record.id);
    if (!stored || (stored.version ?? 0) !== (record.version ?? 0)) {
      throw new StaleRecordError('senders', record.id, record.version, stored?.version);
    }
    this.refuseDuplicate(record);
    const before = copy(stored);
    const version = (record.version ?? 0) + 1;
    this.table.replace(stored, copy({ ...record, version }));
    record.version = version;
    this.unit.undoable(() => {
      record.version = before.version;
      // Someone saved the record again after this (their write built on this one): theirs stays,
      // and a version never goes back.
      if (stored.version !== version) return;
      this.table.replace(stored, before);
    });
    await this.unit.done();
  }

  async saveAll(records: readonly SenderRecord[]): Promise<string[]> {
    const skipped: string[] = [];
    const saves: Promise<void>[] = [];
    for (const record of records) {
      const stored = this.table.get(record.id);
      if (!stored || (stored.version ?? 0) !== (record.version ?? 0) || this.duplicates(record)) {
        skipped.push(record.id);
        continue;
      }
      saves.push(this.save(record));
    }
    // Outside a transaction the saves share the document's coalesced writes.
    await Promise.all(saves);
    return skipped;
  }

  async discard(id: string): Promise<void> {
    const stored = this.table.get(id);
    if (!stored) return;
    const at = this.table.remove(stored);
    this.unit.undoable(() => this.table.putBack(stored, at));
    await this.unit.done();
  }

  async duePlan(now: number, bounds: DueBounds, listWhenDue: number): Promise<DuePlan> {
    return duePlanOf(this.table.all, now, bounds, listWhenDue);
  }

  async queued(): Promise<SenderRecord[]> {
    return inQueueOrder(this.table.all).map(copy);
  }

  async aheadInQueue(accountSid: string, queuedAt: string): Promise<number> {
    return aheadInQueueOf(this.table.queuedIn(accountSid), accountSid, queuedAt);
  }

  async creating(): Promise<SenderRecord[]> {
    return this.table.all.filter((r) => r.state === 'creating').map(copy);
  }

  async withNames(names: readonly string[]): Promise<SenderRecord[]> {
    return this.table.all.filter(goesByOneOf(new Set(names))).map(copy);
  }

  /** The records a filter may match: through the phone index when it names the numbers. */
  private candidates(filter: SenderFilter): readonly SenderRecord[] {
    return filter.phoneNumbers ? this.table.withPhones(filter.phoneNumbers) : this.table.all;
  }

  async list(filter: SenderFilter = {}, page: Page = {}): Promise<SenderRecord[]> {
    const found = this.candidates(filter).filter(matchesFilter(filter));
    const offset = page.offset ?? 0;
    return found.slice(offset, page.limit === undefined ? undefined : offset + page.limit).map(copy);
  }

  async count(filter: SenderFilter = {}): Promise<number> {
    return this.candidates(filter).filter(matchesFilter(filter)).length;
  }

  async home(now: number, stuckOfflineMs: number, limit: number): Promise<HomeSummary> {
    // Only the rows shown are copied.
    const home = homeOf(this.table.all, now, stuckOfflineMs, limit);
    return {
      ...home,
      online: { ...home.online, worst: home.online.worst.map(copy) },
      attention: { ...home.attention, first: home.attention.first.map(copy) },
    };
  }

  async groupByShownStatus(filter: SenderFilter, perGroup: number): Promise<ShownStatusGroup[]> {
    return groupByShownStatusOf(this.table.all, filter, perGroup).map((group) => ({ ...group, first: group.first.map(copy) }));
  }

  async tally(): Promise<SenderTally> {
    return tallyOf(this.table.all);
  }

  async createQueues(): Promise<AccountQueue[]> {
    const running = new Set(this.doc.data.bulkRuns.filter((run) => run.state === 'running').map((run) => run.id));
    return createQueuesOf(this.table.all, running);
  }

  private duplicates(record: SenderRecord): SenderRecord | undefined {
    return isFinished(record) ? undefined : this.table.activeFor(record.accountSid, record.phoneNumber, record.id);
  }

  private refuseDuplicate(record: SenderRecord): void {
    const other = this.duplicates(record);
    if (other) throw new DuplicateRegistrationError(record.accountSid, record.phoneNumber, other.id);
  }
}
