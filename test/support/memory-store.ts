import type { JsonDocument } from '../../src/store/lowdb/json-document.js';
import { lowdbStoreOver } from '../../src/store/lowdb/lowdb-store.js';
import type { Store } from '../../src/store/repositories.js';
import { type Data, emptyData } from '../../src/store/schema.js';

/** A lowdb store held in memory only, for unit tests of code that takes a store. */
export function memoryStore(data: Data = emptyData()): Store {
  const doc: JsonDocument = {
    data,
    file: 'memory',
    health: { ok: true },
    write: async () => {},
    senderChanged: () => {},
    onHealthChange: () => {},
    close: async () => {},
    closeNow: () => {},
  };
  return lowdbStoreOver(doc);
}
