import {
  type AuditRepository,
  type ChannelBindingRepository,
  DuplicateIdError,
  type OnboardingRepository,
  type PendingPurchaseRepository,
  type PendingSubaccountRepository,
  type PollerStateRepository,
} from '../repositories.js';
import type { AuditEntry, Onboarding, PendingPurchase, PendingSubaccount, PollerState } from '../schema.js';
import type { Db } from './db.js';

export class PgAudit implements AuditRepository {
  constructor(private readonly db: Db) {}

  async add(entry: AuditEntry): Promise<void> {
    await this.db.write('INSERT INTO audit (at, doc) VALUES ($1::timestamptz, $2)', [Number.isNaN(Date.parse(entry.at)) ? new Date() : entry.at, entry]);
  }

  async recent(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.read<{ doc: AuditEntry }>('SELECT doc FROM (SELECT seq, doc FROM audit ORDER BY seq DESC LIMIT $1) latest ORDER BY seq', [
      Math.max(0, Math.floor(limit)),
    ]);
    return rows.map((row) => row.doc);
  }
}

export class PgChannelBindings implements ChannelBindingRepository {
  constructor(private readonly db: Db) {}

  async get(channel: string): Promise<string | undefined> {
    const [row] = await this.db.read<{ customer_id: string }>('SELECT customer_id FROM channel_bindings WHERE channel = $1', [channel]);
    return row?.customer_id;
  }

  async set(channel: string, customerId: string): Promise<void> {
    await this.db.write(
      'INSERT INTO channel_bindings (channel, customer_id) VALUES ($1, $2) ON CONFLICT (channel) DO UPDATE SET customer_id = EXCLUDED.customer_id',
      [channel, customerId],
    );
  }

  async remove(channel: string): Promise<boolean> {
    return (await this.db.write('DELETE FROM channel_bindings WHERE channel = $1 RETURNING channel', [channel])).length > 0;
  }

  async list(): Promise<Record<string, string>> {
    const rows = await this.db.read<{ channel: string; customer_id: string }>('SELECT channel, customer_id FROM channel_bindings');
    return Object.fromEntries(rows.map((row) => [row.channel, row.customer_id]));
  }
}

export class PgOnboardings implements OnboardingRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Onboarding | undefined> {
    const [row] = await this.db.read<{ doc: Onboarding }>('SELECT doc FROM onboardings WHERE id = $1', [id]);
    return row?.doc;
  }

  async insert(onboarding: Onboarding): Promise<void> {
    const inserted = await this.db.write('INSERT INTO onboardings (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id', [
      onboarding.id,
      onboarding,
    ]);
    if (inserted.length === 0) throw new DuplicateIdError('onboardings', onboarding.id);
  }

  async save(onboarding: Onboarding): Promise<void> {
    // The notice count stays as stored (see countNotice).
    await this.db.write(
      `UPDATE onboardings
       SET doc = ($2::jsonb - 'notices' - 'lastNoticeAt') || jsonb_strip_nulls(jsonb_build_object('notices', doc->'notices', 'lastNoticeAt', doc->'lastNoticeAt'))
       WHERE id = $1`,
      [onboarding.id, onboarding],
    );
  }

  async remove(id: string): Promise<void> {
    await this.db.write('DELETE FROM onboardings WHERE id = $1', [id]);
  }

  async list(): Promise<Onboarding[]> {
    return (await this.db.read<{ doc: Onboarding }>('SELECT doc FROM onboardings ORDER BY seq')).map((row) => row.doc);
  }

  async countNotice(id: string, now: number, gapMs: number, max: number): Promise<boolean> {
    // One conditional update: a second caller waits for the first's row lock, then finds the count changed.
    const counted = await this.db.write(
      `UPDATE onboardings
       SET doc = doc || jsonb_build_object('notices', coalesce((doc->>'notices')::numeric, 0) + 1, 'lastNoticeAt', $2::text)
       WHERE id = $1 AND coalesce((doc->>'notices')::numeric, 0) < $4 AND (doc->>'lastNoticeAt' IS NULL OR doc->>'lastNoticeAt' <= $3::text)
       RETURNING id`,
      [id, new Date(now).toISOString(), new Date(now - gapMs).toISOString(), max],
    );
    return counted.length > 0;
  }
}

const nameKey = (name: string) => name.trim().toLowerCase();

export class PgPendingSubaccounts implements PendingSubaccountRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<PendingSubaccount[]> {
    return (await this.db.read<{ doc: PendingSubaccount }>('SELECT doc FROM pending_subaccounts ORDER BY seq')).map((row) => row.doc);
  }

  async find(name: string): Promise<PendingSubaccount | undefined> {
    const [row] = await this.db.read<{ doc: PendingSubaccount }>('SELECT doc FROM pending_subaccounts WHERE name_key = $1', [nameKey(name)]);
    return row?.doc;
  }

  async add(entry: PendingSubaccount): Promise<void> {
    const added = await this.db.write('INSERT INTO pending_subaccounts (name_key, doc) VALUES ($1, $2) ON CONFLICT (name_key) DO NOTHING RETURNING name_key', [
      nameKey(entry.name),
      entry,
    ]);
    if (added.length === 0) throw new DuplicateIdError('pendingSubaccounts', entry.name);
  }

  async remove(name: string): Promise<void> {
    await this.db.write('DELETE FROM pending_subaccounts WHERE name_key = $1', [nameKey(name)]);
  }
}

export class PgPendingPurchases implements PendingPurchaseRepository {
  constructor(private readonly db: Db) {}

  async find(phoneNumber: string, accountSid?: string): Promise<PendingPurchase | undefined> {
    const [row] = await this.db.read<{ doc: PendingPurchase }>(
      'SELECT doc FROM pending_purchases WHERE phone_number = $1 AND ($2::text IS NULL OR account_sid = $2) ORDER BY seq LIMIT 1',
      [phoneNumber, accountSid ?? null],
    );
    return row?.doc;
  }

  async add(entry: PendingPurchase): Promise<void> {
    const added = await this.db.write(
      'INSERT INTO pending_purchases (phone_number, account_sid, doc) VALUES ($1, $2, $3) ON CONFLICT (phone_number, account_sid) DO NOTHING RETURNING seq',
      [entry.phoneNumber, entry.accountSid, entry],
    );
    if (added.length === 0) throw new DuplicateIdError('pendingPurchases', `${entry.phoneNumber} in ${entry.accountSid}`);
  }

  async remove(phoneNumber: string, accountSid?: string): Promise<void> {
    await this.db.write('DELETE FROM pending_purchases WHERE phone_number = $1 AND ($2::text IS NULL OR account_sid = $2)', [phoneNumber, accountSid ?? null]);
  }

  async list(): Promise<PendingPurchase[]> {
    return (await this.db.read<{ doc: PendingPurchase }>('SELECT doc FROM pending_purchases ORDER BY seq')).map((row) => row.doc);
  }
}

export class PgPollerState implements PollerStateRepository {
  constructor(private readonly db: Db) {}

  async get(): Promise<PollerState> {
    const [row] = await this.db.read<{ doc: PollerState }>('SELECT doc FROM poller_state');
    return row?.doc ?? {};
  }

  async set(state: PollerState): Promise<void> {
    await this.db.write('INSERT INTO poller_state (doc) VALUES ($1) ON CONFLICT (singleton) DO UPDATE SET doc = EXCLUDED.doc', [state]);
  }
}
