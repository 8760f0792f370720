import type { AuditEntry } from './schema.js';
import type { Store } from './db.js';

export function audit(store: Store, entry: AuditEntry): void {
  store.data.audit.push(entry);
}
