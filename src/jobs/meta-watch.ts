import { iso } from '../clock.js';
import { forEachLimited } from '../concurrency.js';
import { MetaError } from '../meta/graph.js';
import type { MetaEvent } from '../meta/meta-view.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { checkMeta, type MetaAnswer, type MetaCheckDecision } from '../senders/meta/meta-check.js';
import { problemFrom } from '../senders/outcome.js';
import type { WatchSettings } from '../senders/watch/schedule.js';
import type { Reads, Repos } from '../store/repositories.js';
import type { Customer, SenderRecord } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { metaOutboxItems, noteChannel, portfolioLimitItem } from './meta-words.js';
import type { OutboxDelivery } from './outbox.js';

/** WABAs read at once: Graph counts calls per business and per app. */
const WABAS_AT_ONCE = 4;

/** What the watcher asks of the status poller: a Twilio check of one sender now (the Re-check). */
export interface TwilioRecheck {
  checkNow(recordId: string): Promise<unknown>;
}

/** The look at one WABA in flight, and what came for it meanwhile: one more look then, with every event. */
interface WabaLook {
  running: Promise<boolean>;
  again?: { events: MetaEvent[]; twilio: boolean };
}

/**
 * Meta's own view of every customer's WABA, beside Twilio's: read on the poll lease once per WABA
 * every ONLINE_RECHECK_MINUTES, and at once when Meta's webhooks say something changed. Meta is
 * asked outside any store unit; checkMeta (senders/meta) decides from what is stored at the
 * moment of the write, so two looks at one WABA (two events, two replicas) tell each thing once.
 * One look per WABA at a time in this process: events arriving meanwhile make one more look.
 */
export class MetaWatcher {
  private readonly looks = new Map<string, WabaLook>();
  /** Webhook deliveries being sorted into looks. */
  private readonly taking = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly ctx: SendersContext,
    private readonly settings: WatchSettings,
    private readonly outbox: OutboxDelivery,
    private readonly alertChannel: string | undefined,
    private readonly twilio: TwilioRecheck,
  ) {}

  get busy(): boolean {
    return this.looks.size > 0 || this.taking.size > 0;
  }

  async idle(): Promise<void> {
    while (this.busy) await Promise.all([...this.taking, ...[...this.looks.values()].map((look) => look.running.catch(() => false))]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** The customers whose WABA is due, read now (the poll lease is held). */
  async pollDue(): Promise<number> {
    if (!this.ctx.meta) return 0;
    const now = this.ctx.clock.now();
    // While Meta asks the bot to slow down, nothing is asked: the WABAs stay due until it may.
    if ((this.ctx.meta.pausedUntil?.() ?? 0) > now) return 0;
    const due = (await this.ctx.store.customers.list()).filter(
      (c) => c.wabaId && c.meta?.accessAt && !(c.meta.nextCheckAt && Date.parse(c.meta.nextCheckAt) > now),
    );
    await forEachLimited(due, WABAS_AT_ONCE, async (customer) => {
      if (!this.stopped) await this.look(customer, [], false);
    });
    return due.length;
  }

  /**
   * Meta's webhooks, each event once across replicas (the store's guard took it): the senders it
   * names are checked at Twilio, then the WABA at Meta. Returns at once; the looks run behind.
   */
  take(events: readonly MetaEvent[]): void {
    if (!this.ctx.meta || events.length === 0 || this.stopped) return;
    const taking: Promise<void> = this.handle(events)
      .catch((error: unknown) => {
        if (!(error instanceof StorageError))
          this.ctx.logger.warn("could not act on Meta's webhook; the next poll looks again", { error: problemFrom(error).message });
      })
      .finally(() => this.taking.delete(taking));
    this.taking.add(taking);
  }

  private async handle(events: readonly MetaEvent[]): Promise<void> {
    const customers = await this.ctx.store.customers.list();
    const byWaba = new Map<string, MetaEvent[]>();
    for (const event of events) byWaba.set(event.wabaId, [...(byWaba.get(event.wabaId) ?? []), event]);
    await Promise.all(
      [...byWaba].map(async ([wabaId, concerning]) => {
        const customer = customers.find((c) => c.wabaId === wabaId);
        if (customer) await this.look(customer, concerning, true);
        else this.ctx.logger.info('Meta told of a WABA no customer has; ignored', { wabaId });
      }),
    );
  }

  /** Reads the customer's WABA at Meta now (joining a look in flight) and stores what it means; false when Meta could not be asked. */
  refresh(customer: Customer): Promise<boolean> {
    return this.look(customer, [], false);
  }

  private look(customer: Customer, events: readonly MetaEvent[], twilio: boolean): Promise<boolean> {
    const wabaId = customer.wabaId;
    if (!this.ctx.meta || !wabaId) return Promise.resolve(false);
    const inFlight = this.looks.get(wabaId);
    if (inFlight) {
      const again = inFlight.again ?? { events: [], twilio: false };
      inFlight.again = { events: [...again.events, ...events], twilio: again.twilio || twilio };
      return inFlight.running;
    }
    const look: WabaLook = { running: Promise.resolve(false) };
    look.running = (async () => {
      let reached = await this.lookOnce(customer, wabaId, events, twilio);
      while (look.again && !this.stopped) {
        const { events: more, twilio: alsoTwilio } = look.again;
        look.again = undefined;
        reached = await this.lookOnce(customer, wabaId, more, alsoTwilio);
      }
      return reached;
    })().finally(() => this.looks.delete(wabaId));
    this.looks.set(wabaId, look);
    return look.running;
  }

  private async lookOnce(given: Customer, wabaId: string, events: readonly MetaEvent[], twilio: boolean): Promise<boolean> {
    const customer = (await this.ctx.store.customers.get(given.id).catch(() => undefined)) ?? given;
    try {
      if (twilio) await this.recheckAtTwilio(customer, events);
      const askedAt = this.ctx.clock.now();
      const answer = await this.ask(wabaId);
      const settings = { recheckMs: this.settings.onlineRecheckMs, remindMs: this.settings.stuckRemindMs };
      await commit(this.ctx, async (read, attempt) => {
        const stored = attempt === 1 ? customer : await read.customers.get(customer.id);
        // Meta answered for a WABA the customer no longer has: nothing of it is theirs.
        if (!stored || stored.wabaId !== wabaId) return {};
        const senders = await read.senders.list({ accountSids: [stored.accountSid], inPlay: true });
        const decision = checkMeta(stored, senders, answer, events, askedAt, settings);
        const messages = metaOutboxItems(this.ctx, decision, senders, askedAt, this.alertChannel);
        const customers = decision.stale ? [] : [decision.customer];
        return { customers, senders: decision.senders, messages, also: await this.limitNote(read, decision, senders, askedAt) };
      });
      this.outbox.kick();
      return !('failed' in answer);
    } catch (error) {
      // A failed write leaves the WABA due: the next poll decides again from what is stored.
      if (!(error instanceof StorageError))
        this.ctx.logger.warn('could not look at a WABA at Meta', { customer: customer.name, error: problemFrom(error).message });
      return false;
    }
  }

  /**
   * A change of the portfolio's limit is one note per portfolio, whichever of its WABAs sees it
   * first (the store's once-guard, across replicas), naming the numbers of every customer in it.
   */
  private async limitNote(
    read: Reads,
    decision: MetaCheckDecision,
    senders: readonly SenderRecord[],
    now: number,
  ): Promise<((tx: Repos) => Promise<void>) | undefined> {
    const change = decision.limitChange;
    const customer = decision.customer;
    if (!change) return undefined;
    const businessId = customer.meta?.businessId;
    const portfolio = businessId ? (await read.customers.list()).filter((c) => c.id !== customer.id && c.meta?.businessId === businessId) : [];
    const others = portfolio.length ? await read.senders.list({ accountSids: portfolio.map((c) => c.accountSid), inPlay: true }) : [];
    const numbers = [...new Set([...change.numbers, ...others.map((s) => s.phoneNumber)])];
    const channel = noteChannel(senders, change.numbers, this.alertChannel);
    if (!channel) return undefined;
    const item = portfolioLimitItem(this.ctx, customer, { ...change, numbers }, now, channel);
    const key = `portfolio-limit:${businessId ?? customer.wabaId}:${change.from}->${change.to}:${iso(now).slice(0, 10)}`;
    return async (tx) => {
      if (await tx.metaEvents.add(key, customer.wabaId ?? '', now)) await tx.outbox.enqueue(item, now);
    };
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
    const everyNumber = events.some((e) => e.numbers.length === 0);
    const senders = await this.ctx.store.senders.list({ accountSids: [customer.accountSid], inPlay: true });
    const concerned = senders.filter((s) => s.sid && (everyNumber || named.has(s.phoneNumber)));
    await forEachLimited(concerned, this.settings.concurrency, async (sender) => {
      await this.twilio.checkNow(sender.id).catch((error: unknown) => {
        this.ctx.logger.warn('could not check a sender Meta told of', { id: sender.id, error: problemFrom(error).message });
      });
    });
  }
}
