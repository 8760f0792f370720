import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { customerNameFor } from '../senders/customers.js';
import type { SendersContext } from '../senders/context.js';
import { findSenderById } from '../store/senders.js';
import { removeFromOutbox } from '../store/outbox.js';
import type { OutboxItem, SenderRecord } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { recoveredAlert } from '../views/alerts.js';
import { bulkProgressMessage } from '../views/bulk.js';
import { senderMessage } from '../views/sender-message.js';
import { countRun, expectedFinish, resultsCsv } from '../senders/bulk.js';

const OUTBOX_EVENT = 'senders_bot_outbox';

export interface OutboxOptions {
  /** The slash command, named in messages. */
  command?: string;
  /** Slack allows about one message per second per channel. */
  channelPaceMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers the stored outbox to Slack in order, paced per channel. An item leaves the store
 * only once Slack took it, so a restart delivers what was left, and nothing twice.
 */
export class OutboxDelivery {
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly lastPostAt = new Map<string, number>();
  private readonly paceMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly command: string;

  constructor(
    private readonly ctx: SendersContext,
    private readonly client: WebClient,
    private readonly logger: Logger,
    options: OutboxOptions = {},
  ) {
    this.paceMs = options.channelPaceMs ?? 1_100;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 5_000;
    this.command = options.command ?? '/senders';
  }

  /** Starts delivering if not already; safe to call often. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().catch((error: unknown) => this.logger.error('Slack message delivery stopped', { error: (error as Error).message })).finally(() => {
      this.draining = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  get busy(): boolean {
    return this.draining !== undefined;
  }

  /** Resolves when nothing is being delivered. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.draining;
  }

  /**
   * While the data file cannot be written, delivery pauses: a post must be stored as being sent
   * before it goes out. The store's recovery kicks it again.
   */
  private async drain(): Promise<void> {
    const { store, clock } = this.ctx;
    for (;;) {
      if (this.stopped) return;
      const now = clock.now();
      const item = store.data.outbox.find((o) => !o.notBefore || Date.parse(o.notBefore) <= now);
      if (!item) return;
      try {
        await this.deliver(item);
        removeFromOutbox(store, item.id);
      } catch (error) {
        if (error instanceof StorageError) return;
        item.attempts += 1;
        item.lastError = (error as Error).message;
        if (item.attempts >= this.maxAttempts) {
          removeFromOutbox(store, item.id);
          store.data.undelivered.push(item);
          this.logger.error('Slack refused a message for good; kept in the data file under "undelivered"', { id: item.id, error: item.lastError });
        } else {
          item.notBefore = new Date(now + this.retryBaseMs * 2 ** (item.attempts - 1)).toISOString();
          this.logger.warn('Slack message not delivered; will retry', { id: item.id, attempt: item.attempts, error: item.lastError });
        }
      }
      try {
        await store.write();
      } catch (error) {
        if (error instanceof StorageError) return;
        throw error;
      }
    }
  }

  private async pace(channel: string) {
    const wait = (this.lastPostAt.get(channel) ?? 0) + this.paceMs - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastPostAt.set(channel, Date.now());
  }

  private async deliver(item: OutboxItem): Promise<void> {
    if (item.kind === 'refresh_bulk_progress' || item.kind === 'upload_results') return this.deliverRun(item);
    const record = findSenderById(this.ctx.store, item.senderId ?? '');
    if (!record) return;
    switch (item.kind) {
      case 'post_sender_message': {
        const run = this.ctx.store.data.bulkRuns.find((r) => r.id === item.runId);
        if (!run?.progressTs || record.slack?.ts) return;
        const message = senderMessage(record, customerNameFor(this.ctx, record.accountSid));
        const posted = await this.postOnce(item, { channel: run.channel, thread_ts: run.progressTs, text: message.text, blocks: message.blocks });
        record.slack = { channel: posted.channel ?? run.channel, ts: posted.ts, threadTs: run.progressTs };
        return;
      }
      case 'refresh_sender_message': {
        if (!record.slack?.ts) return;
        const message = senderMessage(record, customerNameFor(this.ctx, record.accountSid));
        await this.client.chat.update({ channel: record.slack.channel, ts: record.slack.ts, text: message.text, blocks: message.blocks });
        return;
      }
      case 'mark_recovered': {
        const alert = record.watch?.stuckAlert;
        if (!alert?.ts || !alert.channel) return;
        const message = recoveredAlert(record, Date.parse(alert.recoveredAt ?? new Date(this.ctx.clock.now()).toISOString()));
        await this.client.chat.update({ channel: alert.channel, ts: alert.ts, text: message.text, blocks: message.blocks as never[] });
        return;
      }
      case 'post': {
        const target = this.target(item, record);
        if (!target) {
          this.logger.warn('no channel for a sender message; dropped', { id: item.id, senderId: item.senderId });
          return;
        }
        const posted = await this.postOnce(item, {
          channel: target.channel,
          thread_ts: target.threadTs,
          reply_broadcast: target.threadTs ? Boolean(item.broadcast) : undefined,
          text: item.text ?? '',
          blocks: item.blocks as KnownBlock[],
        });
        if (item.rememberAs === 'stuck_alert' && record.watch?.stuckAlert) {
          record.watch.stuckAlert.channel = posted.channel ?? target.channel;
          record.watch.stuckAlert.ts = posted.ts;
        }
      }
    }
  }

  private async deliverRun(item: OutboxItem): Promise<void> {
    const run = this.ctx.store.data.bulkRuns.find((r) => r.id === item.runId);
    if (!run) return;
    if (item.kind === 'upload_results') {
      await this.pace(run.channel);
      const file = {
        filename: `bulk-${run.id}-results.csv`,
        title: `Bulk registration ${run.id}: results`,
        content: resultsCsv(this.ctx, run),
        initial_comment: 'Results: one line per row of the file (row, number, sender SID, final status, error).',
      };
      await this.client.files.uploadV2(run.progressTs ? { ...file, channel_id: run.channel, thread_ts: run.progressTs } : { ...file, channel_id: run.channel });
      return;
    }
    const message = bulkProgressMessage(run, countRun(this.ctx, run), expectedFinish(this.ctx, run, this.ctx.clock.now()), this.command);
    if (run.progressTs) {
      await this.client.chat.update({ channel: run.channel, ts: run.progressTs, text: message.text, blocks: message.blocks });
      return;
    }
    const posted = await this.postOnce(item, { channel: run.channel, text: message.text, blocks: message.blocks });
    run.channel = posted.channel ?? run.channel;
    run.progressTs = posted.ts;
  }

  /**
   * Posts a message exactly once, as far as Slack lets an app know: the item is marked as being
   * sent (and stored) first, and the message carries the item's id in its metadata. An item
   * found marked after a restart is looked up in the channel or thread before it is posted.
   */
  private async postOnce(item: OutboxItem, message: { channel: string; thread_ts?: string; reply_broadcast?: boolean; text: string; blocks: KnownBlock[] }): Promise<{ channel?: string; ts?: string }> {
    if (item.sendingAt) {
      const found = await this.findPosted(item, message.channel, message.thread_ts);
      if (found) return found;
    }
    const before = item.sendingAt;
    item.sendingAt = new Date(this.ctx.clock.now()).toISOString();
    await this.ctx.store.write(() => {
      item.sendingAt = before;
    });
    await this.pace(message.channel);
    const metadata = { event_type: OUTBOX_EVENT, event_payload: { outbox_id: item.id } };
    const posted = await this.client.chat.postMessage(
      message.thread_ts
        ? { channel: message.channel, text: message.text, blocks: message.blocks, metadata, thread_ts: message.thread_ts, reply_broadcast: Boolean(message.reply_broadcast) as true }
        : { channel: message.channel, text: message.text, blocks: message.blocks, metadata },
    );
    return { channel: posted.channel, ts: posted.ts };
  }

  private async findPosted(item: OutboxItem, channel: string, threadTs?: string): Promise<{ channel: string; ts?: string } | undefined> {
    try {
      const page = threadTs
        ? await this.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
        : await this.client.conversations.history({ channel, include_all_metadata: true, limit: 100 });
      const hit = (page.messages ?? []).find((m) => (m.metadata as { event_payload?: { outbox_id?: string } } | undefined)?.event_payload?.outbox_id === item.id);
      return hit ? { channel, ts: hit.ts } : undefined;
    } catch (error) {
      this.logger.warn('could not check whether a message was already posted; posting it', { id: item.id, error: (error as Error).message });
      return undefined;
    }
  }

  private target(item: OutboxItem, record: SenderRecord): { channel: string; threadTs?: string } | undefined {
    if (item.threadOf === 'stuck_alert' && record.watch?.stuckAlert?.ts && record.watch.stuckAlert.channel) {
      return { channel: record.watch.stuckAlert.channel, threadTs: record.watch.stuckAlert.ts };
    }
    if (item.threadOf && record.slack?.ts) return { channel: record.slack.channel, threadTs: record.slack.threadTs ?? record.slack.ts };
    if (item.channel) return { channel: item.channel };
    return record.slack?.channel ? { channel: record.slack.channel } : undefined;
  }
}
