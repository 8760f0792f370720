import { type CustomerRepository, DuplicateCustomerError, StaleRecordError } from '../repositories.js';
import type { Customer } from '../schema.js';
import { Collection, copy } from './collection.js';

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

  async any(): Promise<boolean> {
    return this.data.customers.length > 0;
  }

  async holdingWabas(wabaIds: readonly string[]): Promise<Customer[]> {
    const wanted = new Set(wabaIds);
    return this.data.customers.filter((c) => c.wabaId !== undefined && wanted.has(c.wabaId)).map(copy);
  }

  async insert(customer: Customer): Promise<void> {
    this.refuseDuplicate(customer, true);
    const saving = this.append('customers', copy({ ...customer, version: 1 }));
    this.setVersion(customer, 1);
    await saving;
  }

  async save(customer: Customer): Promise<void> {
    const stored = this.data.customers.find((c) => c.id === customer.id);
    if (!stored || (stored.version ?? 0) !== (customer.version ?? 0)) throw new StaleRecordError('customers', customer.id, customer.version, stored?.version);
    this.refuseDuplicate(customer, false);
    const version = (customer.version ?? 0) + 1;
    const saving = this.replace(stored, { ...customer, version });
    this.setVersion(customer, version);
    await saving;
  }

  /** An insert may not reuse a stored id (whatever version the object carries); a save is of that id. */
  private refuseDuplicate(customer: Customer, inserting: boolean): void {
    for (const other of this.data.customers) {
      if (other.id === customer.id) {
        if (inserting) throw new DuplicateCustomerError('id', customer.id);
        continue;
      }
      if (other.name.toLowerCase() === customer.name.toLowerCase()) throw new DuplicateCustomerError('name', customer.name);
      if (other.accountSid === customer.accountSid) throw new DuplicateCustomerError('accountSid', customer.accountSid);
    }
  }
}
