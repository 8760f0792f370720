import type { WebClient } from '@slack/web-api';
import { iso } from '../clock.js';
import type { Logger } from '../logger.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { retryAfterMs } from '../slack/clients.js';
import { StaleRecordError } from '../store/repositories.js';
import type { OutboxItem } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { type JobLease, soleLease } from './lease.js';
import { OutboxMessages, ScanReads } from './outbox-messages.js';

/** Kinds rendered from the latest state when delivered, which later changes may join while they wait. */
const REFRESHES = new Set<OutboxItem['kind']>(['refresh_sender_message', 'refresh_bulk_progress']);

export interface OutboxOptions {
  /** Slack allows about one message per second per channel. */
  channelPaceMs?: number;
  maxAttempts?: number;
  /** The wait after a first failure, doubled after each next one (Slack's Retry-After wins). */
  retryBaseMs?: number;
  /**
   * The lease of a channel's lane among replicas: one replica at a time delivers to a channel,
   * so its messages leave once and in order. Without it this process is the only one.
   */
  laneLease?: (channel: string) => JobLease;
}

/** Channels delivered to at the same time; the items of one channel go one after another. */
const CHANNELS_AT_ONCE = 8;
/** Bounds of the timer that wakes the outbox when a retry comes due. */
const MIN_WAKE_MS = 25;
const MAX_WAKE_MS = 60_000;
/** Items whose channel is gone with their sender or run: they still leave, in order. */
const NO_CHANNEL = '';
/** How soon a channel another replica delivers to is looked at again (that replica may have just finished). */
const HELD_ELSEWHERE_RETRY_MS = 1_000;

/**
 * Delivers the stored outbox to Slack with one lane per channel: in order within a channel,
 * channels side by side, so a channel Slack refuses never holds another channel's messages. An
 * item leaves the store only once Slack took it, so a restart delivers what was left, and
 * nothing twice. A failed item waits (Slack's Retry-After, or a doubling delay) holding the later
 * items of its channel behind it, and a timer wakes the outbox when it is due; after maxAttempts
 * it is kept under `undelivered` and its channel goes on. The outbox has its own Slack client
 * (no retries, a timeout), so nothing it waits for holds anyone else's call.
 */
export class OutboxDelivery {
  private readonly lanes = new Map<string, Promise<void>>();
  /** Items being delivered, so an item whose channel changes meanwhile is not started twice. */
  private readonly inFlight = new Set<string>();
  private readonly messages: OutboxMessages;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** A look at the channels' heads in progress, and whether another kick came meanwhile. */
  private scan?: Promise<void>;
  private kickedAgain = false;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly laneLease: (channel: string) => JobLease;
  /** Channels another replica was delivering to, with the time (ms, real) to look at them again. */
  private readonly heldElsewhere = new Map<string, number>();
  private elsewhereTimer?: NodeJS.Timeout;

  constructor(
    private readonly ctx: SendersContext,
    client: WebClient,
    private readonly logger: Logger,
    options: OutboxOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 5_000;
    this.laneLease = options.laneLease ?? (() => soleLease);
    this.messages = new OutboxMessages(ctx, client, logger, { paceMs: options.channelPaceMs ?? 1_100 });
  }

  /**
   * Starts delivering in every channel that has something due; safe to call often. While the
   * data file cannot be written nothing is posted (a post is stored as being sent before it goes
   * out); the store's recovery kicks the outbox again.
   */
  kick(): void {
    if (this.stopped || !this.ctx.store.health.ok) return;
    if (this.scan) {
      this.kickedAgain = true;
      return;
    }
    this.scan = this.startDue()
      .catch((error: unknown) => this.logger.error('could not read the outbox', { error: (error as Error).message }))
      .finally(() => {
        this.scan = undefined;
        if (this.kickedAgain) {
          this.kickedAgain = false;
          this.kick();
        }
      });
  }

  private async startDue(): Promise<void> {
    const heads = await this.heads();
    if (this.stopped) return;
    const now = this.ctx.clock.now();
    let wakeAt: number | undefined;
    for (const [channel, item] of heads) {
      if (this.lanes.has(channel) || this.inFlight.has(item.id)) continue;
      if ((this.heldElsewhere.get(channel) ?? 0) > Date.now()) continue;
      const dueAt = dueTime(item, now);
      if (dueAt > now) wakeAt = Math.min(wakeAt ?? Infinity, dueAt);
      else if (this.lanes.size < CHANNELS_AT_ONCE) this.startLane(channel);
    }
    this.wakeAt(wakeAt);
  }

  get busy(): boolean {
    return this.lanes.size > 0 || this.scan !== undefined;
  }

  /** Resolves when nothing is being delivered. */
  async idle(): Promise<void> {
    while (this.lanes.size || this.scan) await Promise.all([...this.lanes.values(), this.scan]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.elsewhereTimer);
    await this.idle();
  }

  private startLane(channel: string): void {
    const lane = this.deliverIn(channel)
      .catch((error: unknown) => this.logger.error('Slack message delivery stopped in a channel', { channel, error: (error as Error).message }))
      .then(() => {
        this.lanes.delete(channel);
        this.kick();
      });
    this.lanes.set(channel, lane);
  }

  /** Delivers the channel's items in order while the first one is due, holding the channel's lease. */
  private async deliverIn(channel: string): Promise<void> {
    const lease = this.laneLease(channel);
    if (!(await lease.hold())) return this.lookAgainLater(channel);
    this.heldElsewhere.delete(channel);
    try {
      await this.deliverHeld(channel, lease);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  private async deliverHeld(channel: string, lease: JobLease): Promise<void> {
    for (;;) {
      if (this.stopped || !this.ctx.store.health.ok) return;
      const item = await this.headOf(channel);
      if (!item || this.inFlight.has(item.id) || dueTime(item, this.ctx.clock.now()) > this.ctx.clock.now()) return;
      // Lost while the previous item went out (this process stalled past it): the channel is another replica's now.
      if (!(await lease.hold())) return this.lookAgainLater(channel);
      this.inFlight.add(item.id);
      try {
        if (!(await this.attempt(item))) return;
      } finally {
        this.inFlight.delete(item.id);
      }
    }
  }

  /** One try at an item, its outcome stored; false when the store cannot be written. */
  private async attempt(item: OutboxItem): Promise<boolean> {
    try {
      if (REFRESHES.has(item.kind) && !item.sendingAt) {
        // Marked before it is rendered: a change stored from now on queues a refresh of its own,
        // instead of joining this one and leaving with it.
        item.sendingAt = new Date(this.ctx.clock.now()).toISOString();
        const at = item.sendingAt;
        await commit(this.ctx, async () => ({ also: (tx) => tx.outbox.markSending(item.id, at) }));
      }
      const remember = await this.messages.deliver(item);
      await commit(
        this.ctx,
        async () => ({
          also: async (tx) => {
            await remember?.(tx);
            await tx.outbox.remove(item.id);
          },
        }),
        { attempts: 1 },
      );
      return true;
    } catch (error) {
      if (error instanceof StorageError) return false;
      // What Slack answered met a record changed meanwhile: the item stays, and its next try finds its message posted.
      if (error instanceof StaleRecordError) return true;
      return this.failed(item, error);
    }
  }

  /** The failure stored with the item; false when the store cannot be written. */
  private async failed(item: OutboxItem, error: unknown): Promise<boolean> {
    try {
      await this.recordFailure(item, error);
      return true;
    } catch (failure) {
      if (failure instanceof StorageError) return false;
      throw failure;
    }
  }

  private async recordFailure(item: OutboxItem, error: unknown): Promise<void> {
    item.attempts += 1;
    item.lastError = this.ctx.secrets.scrub((error as Error).message);
    if (item.attempts >= this.maxAttempts) {
      await commit(this.ctx, async () => ({ also: (tx) => tx.outbox.setAside(item) }));
      this.logger.error('Slack refused a message for good; kept in the data file under "undelivered"', {
        id: item.id,
        attempts: item.attempts,
        error: item.lastError,
      });
      return;
    }
    const waitMs = retryAfterMs(error) ?? this.retryBaseMs * 2 ** (item.attempts - 1);
    item.notBefore = iso(this.ctx.clock.now() + waitMs);
    await commit(this.ctx, async () => ({ also: (tx) => tx.outbox.save(item) }));
    this.logger.warn('Slack message not delivered; will retry', { id: item.id, attempt: item.attempts, retryInMs: waitMs, error: item.lastError });
  }

  /** The first item of each channel, in outbox order. */
  private async heads(): Promise<Map<string, OutboxItem>> {
    const heads = new Map<string, OutboxItem>();
    const reads = new ScanReads(this.ctx);
    for (const item of await this.ctx.store.outbox.waiting()) {
      const channel = (await this.messages.channelOf(item, reads)) ?? NO_CHANNEL;
      if (!heads.has(channel)) heads.set(channel, item);
    }
    return heads;
  }

  private async headOf(channel: string): Promise<OutboxItem | undefined> {
    const reads = new ScanReads(this.ctx);
    for (const item of await this.ctx.store.outbox.waiting()) if (((await this.messages.channelOf(item, reads)) ?? NO_CHANNEL) === channel) return item;
    return undefined;
  }

  /** Another replica delivers to the channel: looked at again shortly, in case that one has just finished. */
  private lookAgainLater(channel: string): void {
    this.heldElsewhere.set(channel, Date.now() + HELD_ELSEWHERE_RETRY_MS);
    if (this.elsewhereTimer || this.stopped) return;
    this.elsewhereTimer = setTimeout(() => {
      this.elsewhereTimer = undefined;
      this.kick();
    }, HELD_ELSEWHERE_RETRY_MS);
    this.elsewhereTimer.unref();
  }

  private wakeAt(at: number | undefined): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (at === undefined || this.stopped) return;
    const delay = Math.min(Math.max(at - this.ctx.clock.now(), MIN_WAKE_MS), MAX_WAKE_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delay);
    this.timer.unref();
  }
}

/** Longer than any retry wait the outbox sets (80 s after four tries) or Slack asks for. */
const LONGEST_RETRY_WAIT_MS = 10 * 60_000;

/** When an item may go; a wait longer than any retry's was recorded while the clock ran ahead, and is over. */
function dueTime(item: OutboxItem, now: number): number {
  const at = item.notBefore ? Date.parse(item.notBefore) : 0;
  return at - now > LONGEST_RETRY_WAIT_MS ? now : at;
}
