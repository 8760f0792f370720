import { forEachLimited } from '../concurrency.js';
import { MetaError } from '../meta/graph.js';
import type { MetaEvent } from '../meta/meta-view.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { checkMeta, type MetaAnswer } from '../senders/meta/meta-check.js';
import { problemFrom } from '../senders/outcome.js';
import type { WatchSettings } from '../senders/watch/schedule.js';
import type { Customer } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { metaOutboxItems } from './meta-words.js';
import type { OutboxDelivery } from './outbox.js';

/** WABAs read at once: Graph counts calls per business and per app. */
const WABAS_AT_ONCE = 4;

/** What the watcher asks of the status poller: a Twilio check of one sender now (the Re-check). */
export interface TwilioRecheck {
  checkNow(recordId: string): Promise<unknown>;
}

/**
 * Meta's own view of every customer's WABA, beside Twilio's: read on the poll lease once per WABA
 * every ONLINE_RECHECK_MINUTES, and at once when Meta's webhooks say something changed. Meta is
 * asked outside any store unit; checkMeta (senders/meta) decides from what is stored at the
 * moment of the write, so two looks at one WABA (two events, two replicas) tell each thing once.
 */
export class MetaWatcher {
  constructor(
    private readonly ctx: SendersContext,
    private readonly settings: WatchSettings,
    private readonly outbox: OutboxDelivery,
    private readonly alertChannel: string | undefined,
    private readonly twilio: TwilioRecheck,
  ) {}

  get enabled(): boolean {
    return Boolean(this.ctx.meta);
  }

  /** The customers whose WABA is due, read now (the poll lease is held). */
  async pollDue(): Promise<number> {
    if (!this.ctx.meta) return 0;
    const now = this.ctx.clock.now();
    const due = (await this.ctx.store.customers.list()).filter(
      (c) => c.wabaId && c.meta?.accessAt && !(c.meta.nextCheckAt && Date.parse(c.meta.nextCheckAt) > now),
    );
    await forEachLimited(due, WABAS_AT_ONCE, (customer) => this.refreshQuietly(customer));
    return due.length;
  }

  /** Meta's webhooks, each event once across replicas (the store's guard): the senders it names are checked at Twilio, then the WABA at Meta. */
  async handle(events: readonly MetaEvent[]): Promise<void> {
    if (!this.ctx.meta || events.length === 0) return;
    const customers = await this.ctx.store.customers.list();
    const byWaba = new Map<string, MetaEvent[]>();
    for (const event of events) byWaba.set(event.wabaId, [...(byWaba.get(event.wabaId) ?? []), event]);
    for (const [wabaId, concerning] of byWaba) {
      const customer = customers.find((c) => c.wabaId === wabaId);
      if (!customer) {
        this.ctx.logger.info('Meta told of a WABA no customer has; ignored', { wabaId });
        continue;
      }
      await this.recheckAtTwilio(customer, concerning);
      await this.refreshQuietly(customer, concerning);
    }
  }

  /** Reads the customer's WABA at Meta now and stores what it means; false when Meta could not be asked. */
  async refresh(customer: Customer, events: readonly MetaEvent[] = []): Promise<boolean> {
    const wabaId = customer.wabaId;
    if (!this.ctx.meta || !wabaId) return false;
    const answer = await this.ask(wabaId);
    const now = this.ctx.clock.now();
    const settings = { recheckMs: this.settings.onlineRecheckMs, remindMs: this.settings.stuckRemindMs };
    await commit(this.ctx, async (read, attempt) => {
      const stored = attempt === 1 ? customer : await read.customers.get(customer.id);
      if (!stored) return {};
      const senders = await read.senders.list({ accountSids: [stored.accountSid], inPlay: true });
      const decision = checkMeta(stored, senders, answer, events, now, settings);
      const messages = await metaOutboxItems(this.ctx, decision, senders, now, this.alertChannel);
      return { customers: [decision.customer], senders: decision.senders, messages };
    });
    this.outbox.kick();
    return !('failed' in answer);
  }

  private async refreshQuietly(customer: Customer, events: readonly MetaEvent[] = []): Promise<void> {
    try {
      await this.refresh(customer, events);
    } catch (error) {
      // A failed write leaves the WABA due: the next poll decides again from what is stored.
      if (!(error instanceof StorageError))
        this.ctx.logger.warn('could not look at a WABA at Meta', { customer: customer.name, error: problemFrom(error).message });
    }
  }

  private async ask(wabaId: string): Promise<MetaAnswer> {
    const meta = this.ctx.meta!;
    try {
      const [numbers, waba] = await Promise.all([meta.numbers(wabaId), meta.waba(wabaId)]);
      return { numbers, waba };
    } catch (error) {
      const problem = this.ctx.secrets.scrub(problemFrom(error).message);
      return { failed: true, problem, lasting: error instanceof MetaError && !error.transient };
    }
  }

  /** The senders an event names (all the customer's when it names none) get Twilio's view too, so a disagreement is seen now. */
  private async recheckAtTwilio(customer: Customer, events: readonly MetaEvent[]): Promise<void> {
    const named = new Set(events.flatMap((e) => e.numbers));
    const senders = await this.ctx.store.senders.list({ accountSids: [customer.accountSid], inPlay: true });
    const concerned = senders.filter((s) => s.sid && (named.size === 0 || named.has(s.phoneNumber)));
    await forEachLimited(concerned, this.settings.concurrency, async (sender) => {
      await this.twilio.checkNow(sender.id).catch((error: unknown) => {
        this.ctx.logger.warn('could not check a sender Meta told of', { id: sender.id, error: problemFrom(error).message });
      });
    });
  }
}
