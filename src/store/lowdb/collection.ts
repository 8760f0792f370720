import type { Data } from '../schema.js';
import type { JsonDocument } from './json-document.js';
import type { Unit } from './unit.js';
import { wabasChanged } from './waba-holders.js';

/**
 * Records leave and enter the document as copies: callers never hold the stored objects. The
 * document holds plain data (objects, lists, strings, numbers, booleans, null), which this copies
 * key by key, several times faster than structuredClone; anything else goes to structuredClone.
 */
export const copy = <T>(value: T): T => plainCopy(value) as T;

function plainCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let at = 0; at < value.length; at += 1) list[at] = plainCopy(value[at]);
    return list;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const object: Record<string, unknown> = {};
  for (const key in value) {
    const copied = plainCopy((value as Record<string, unknown>)[key]);
    // A key read from the file as "__proto__" stays a key, as JSON.parse made it.
    if (key === '__proto__') Object.defineProperty(object, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else object[key] = copied;
  }
  return object;
}

/** The small collections of the document: lists of a few hundred entries at most, searched in full. */
export abstract class Collection {
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

  /**
   * Replaces an entry's contents, undoably. An entry changed again since is not taken back: that
   * later change stands (a versioned one built on this one, and a version never goes back; an
   * unversioned one may already be on the disk, stored by a write that worked).
   */
  protected replace<T extends object>(stored: T, contents: T): Promise<void> {
    const before = copy(stored);
    refill(stored, contents);
    const versionOf = () => (stored as { version?: number }).version;
    const written = versionOf();
    const mine = written === undefined ? JSON.stringify(stored) : undefined;
    this.unit.undoable(() => {
      if (versionOf() !== written || (mine !== undefined && JSON.stringify(stored) !== mine)) return;
      refill(stored, before);
    });
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
    if (key === 'accountWabas') wabasChanged(map);
    this.unit.undoable(() => {
      // Changed again since: that later change stands.
      if ((Object.hasOwn(this.data[key], name) ? this.data[key][name] : undefined) !== value) return;
      if (before === undefined) delete this.data[key][name];
      else this.data[key][name] = before;
      if (key === 'accountWabas') wabasChanged(this.data[key]);
    });
    return this.unit.done();
  }
}

type ListKey =
  | 'customers'
  | 'audit'
  | 'outbox'
  | 'undelivered'
  | 'bulkRuns'
  | 'pendingSubaccounts'
  | 'onboardings'
  | 'pendingPurchases'
  | 'codeRequests'
  | 'metaEvents';
type MapKey = 'accountPace' | 'accountWabas' | 'channelBindings';

export function refill<T extends object>(target: T, contents: T): void {
  for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, copy(contents));
}
