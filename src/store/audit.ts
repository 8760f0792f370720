import type { Store } from './db.js';
import type { AuditEntry } from './schema.js';

export function audit(store: Store, entry: AuditEntry): void {
  store.data.audit.push(entry);
}
