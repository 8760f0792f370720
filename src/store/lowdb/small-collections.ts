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
import { Collection, copy } from './collection.js';

export class LowdbAudit extends Collection implements AuditRepository {
  add(entry: AuditEntry): Promise<void> {
    return this.append('audit', copy(entry));
  }

  async recent(limit: number): Promise<AuditEntry[]> {
    // slice(-0) would be everything.
    return limit > 0 ? this.data.audit.slice(-limit).map(copy) : [];
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
    if (!Object.hasOwn(this.data.channelBindings, channel)) return false;
    await this.setKey('channelBindings', channel, undefined);
    return true;
  }

  async list(): Promise<Record<string, string>> {
    return { ...this.data.channelBindings };
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
    if (stored) await this.replace(stored, withNoticesOf(stored, onboarding));
  }

  async remove(id: string): Promise<void> {
    await this.removeWhere('onboardings', (o) => o.id === id);
  }

  async list(): Promise<Onboarding[]> {
    return this.data.onboardings.map(copy);
  }

  async countNotice(id: string, now: number, gapMs: number, max: number): Promise<boolean> {
    const stored = this.data.onboardings.find((o) => o.id === id);
    if (!stored || (stored.notices ?? 0) >= max) return false;
    if (stored.lastNoticeAt !== undefined && stored.lastNoticeAt > new Date(now - gapMs).toISOString()) return false;
    await this.replace(stored, { ...stored, notices: (stored.notices ?? 0) + 1, lastNoticeAt: new Date(now).toISOString() });
    return true;
  }
}

/** `onboarding` with the notice count as stored (only countNotice changes it). */
function withNoticesOf(stored: Onboarding, onboarding: Onboarding): Onboarding {
  const { notices: _notices, lastNoticeAt: _last, ...rest } = onboarding;
  return {
    ...rest,
    ...(stored.notices === undefined ? {} : { notices: stored.notices }),
    ...(stored.lastNoticeAt === undefined ? {} : { lastNoticeAt: stored.lastNoticeAt }),
  };
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

  async add(entry: PendingSubaccount): Promise<void> {
    if (this.data.pendingSubaccounts.some((p) => sameName(p.name, entry.name))) throw new DuplicateIdError('pendingSubaccounts', entry.name);
    await this.append('pendingSubaccounts', copy(entry));
  }

  async remove(name: string): Promise<void> {
    await this.removeWhere('pendingSubaccounts', (p) => sameName(p.name, name));
  }
}

export class LowdbPendingPurchases extends Collection implements PendingPurchaseRepository {
  async find(phoneNumber: string, accountSid?: string): Promise<PendingPurchase | undefined> {
    const found = this.data.pendingPurchases.find(purchaseOf(phoneNumber, accountSid));
    return found && copy(found);
  }

  async add(entry: PendingPurchase): Promise<void> {
    if (this.data.pendingPurchases.some(purchaseOf(entry.phoneNumber, entry.accountSid)))
      throw new DuplicateIdError('pendingPurchases', `${entry.phoneNumber} in ${entry.accountSid}`);
    await this.append('pendingPurchases', copy(entry));
  }

  async remove(phoneNumber: string, accountSid?: string): Promise<void> {
    while (await this.removeWhere('pendingPurchases', purchaseOf(phoneNumber, accountSid)));
  }

  async list(): Promise<PendingPurchase[]> {
    return this.data.pendingPurchases.map(copy);
  }
}

const purchaseOf = (phoneNumber: string, accountSid?: string) => (p: PendingPurchase) =>
  p.phoneNumber === phoneNumber && (accountSid === undefined || p.accountSid === accountSid);

export class LowdbPollerState extends Collection implements PollerStateRepository {
  async get(): Promise<PollerState> {
    return copy(this.data.poller);
  }

  async set(state: PollerState): Promise<void> {
    const before = this.data.poller;
    const mine = copy(state);
    this.data.poller = mine;
    this.unit.undoable(() => {
      // Set again since: that later state stands.
      if (this.data.poller === mine) this.data.poller = before;
    });
    await this.unit.done();
  }
}
