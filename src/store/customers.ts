import type { Store } from './db.js';
import type { Customer } from './schema.js';

export function findCustomer(store: Store, nameOrSid: string): Customer | undefined {
  const key = nameOrSid.trim().toLowerCase();
  return store.data.customers.find((c) => c.accountSid.toLowerCase() === key || c.name.toLowerCase() === key || c.id === nameOrSid);
}

export function addCustomer(store: Store, customer: Customer): void {
  store.data.customers.push(customer);
}
