import { type CustomerRepository, DuplicateCustomerError, StaleRecordError } from '../repositories.js';
import type { Customer } from '../schema.js';
import { violatedConstraint } from './database-error.js';
import { type Db, setVersion } from './db.js';

interface Row {
  doc: Customer;
  version: number;
}

const withVersion = ({ doc, version }: Row): Customer => ({ ...doc, version });

export class PgCustomers implements CustomerRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Customer | undefined> {
    const [row] = await this.db.read<Row>('SELECT doc, version FROM customers WHERE id = $1', [id]);
    return row && withVersion(row);
  }

  async find(nameOrSidOrId: string): Promise<Customer | undefined> {
    const [row] = await this.db.read<Row>(
      // Lowercased by the database on both sides, as the name's unique index is: JavaScript's lowercase differs for a few letters (İ).
      'SELECT doc, version FROM customers WHERE lower(account_sid) = lower($1) OR lower(name) = lower($1) OR id = $2 ORDER BY seq LIMIT 1',
      [nameOrSidOrId.trim(), nameOrSidOrId],
    );
    return row && withVersion(row);
  }

  async byAccount(accountSid: string): Promise<Customer | undefined> {
    const [row] = await this.db.read<Row>('SELECT doc, version FROM customers WHERE account_sid = $1', [accountSid]);
    return row && withVersion(row);
  }

  async list(): Promise<Customer[]> {
    return (await this.db.read<Row>('SELECT doc, version FROM customers ORDER BY seq')).map(withVersion);
  }

  async any(): Promise<boolean> {
    const [row] = await this.db.read<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM customers) AS any');
    return row?.any === true;
  }

  async holdingWabas(wabaIds: readonly string[]): Promise<Customer[]> {
    if (wabaIds.length === 0) return [];
    return (await this.db.read<Row>("SELECT doc, version FROM customers WHERE doc->>'wabaId' = ANY($1::text[]) ORDER BY seq", [wabaIds])).map(withVersion);
  }

  async insert(customer: Customer): Promise<void> {
    const inserted = await this.db.write<{ id: string }>(
      `INSERT INTO customers (id, name, account_sid, version, doc) VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [customer.id, customer.name, customer.accountSid, { ...customer, version: 1 }],
    );
    if (inserted.length === 0) throw await this.duplicateOf(customer, true);
    setVersion(this.db, customer, 1);
  }

  async save(customer: Customer): Promise<void> {
    const expected = customer.version ?? 0;
    let rows: { version: number }[];
    try {
      rows = await this.db.guarded(() =>
        this.db.write<{ version: number }>(
          'UPDATE customers SET name = $3, account_sid = $4, doc = $5, version = version + 1 WHERE id = $1 AND version = $2 RETURNING version',
          [customer.id, expected, customer.name, customer.accountSid, { ...customer, version: expected + 1 }],
        ),
      );
    } catch (error) {
      if (violatedConstraint(error)) throw await this.duplicateOf(customer, false);
      throw error;
    }
    if (rows.length === 0) {
      const [stored] = await this.db.read<{ version: number }>('SELECT version FROM customers WHERE id = $1', [customer.id]);
      throw new StaleRecordError('customers', customer.id, customer.version, stored?.version);
    }
    setVersion(this.db, customer, expected + 1);
  }

  private async duplicateOf(customer: Customer, checkId: boolean): Promise<Error> {
    const [taken] = await this.db.read<{ id: string; name: string; account_sid: string }>(
      'SELECT id, name, account_sid FROM customers WHERE (id = $1 AND $4) OR (lower(name) = lower($2) AND id <> $1) OR (account_sid = $3 AND id <> $1) ORDER BY seq LIMIT 1',
      [customer.id, customer.name, customer.accountSid, checkId],
    );
    if (!taken) return new StaleRecordError('customers', customer.id, customer.version, undefined);
    if (checkId && taken.id === customer.id) return new DuplicateCustomerError('id', customer.id);
    if (taken.name.toLowerCase() === customer.name.toLowerCase()) return new DuplicateCustomerError('name', customer.name);
    return new DuplicateCustomerError('accountSid', customer.accountSid);
  }
}
