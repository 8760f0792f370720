import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { countRun, expectedFinish } from '../senders/bulk/runs.js';
import { countUpdateRun, expectedUpdateFinish, isUpdateRun } from '../senders/bulk-update/update-runs.js';
import { codeRequestsOf } from '../senders/codes/code-requests.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { customerNameFor } from '../senders/customers/customers.js';
import type { Repos } from '../store/repositories.js';
import type { BulkRun, Onboarding, OutboxItem, SenderRecord } from '../store/schema.js';
import { recoveredAlert } from '../views/alerts.js';
import { bulkProgressMessage } from '../views/bulk.js';
import { bulkUpdateProgressMessage } from '../views/bulk-update.js';
import { nameApprovedAlert } from '../views/name-verdicts.js';
import { onboardingNoticeMessage } from '../views/onboarding-messages.js';
import { qualityBackAlert } from '../views/quality.js';
import { senderMessage } from '../views/sender-message.js';
import { deliverMetaItem, metaChannelOf } from './meta-outbox.js';
import { uploadRecordingOnce } from './recording-upload.js';
import { uploadResultsOnce } from './results-upload.js';

const OUTBOX_EVENT = 'senders_bot_outbox';

/** Slack answers these when the bot may not read a conversation: the look-up cannot tell, so the post goes. */
const CANNOT_LOOK_UP = new Set(['channel_not_found', 'not_in_channel', 'missing_scope']);

interface Post {
  channel: string;
  thread_ts?: string;
  reply_broadcast?: boolean;
  text: string;
  blocks: KnownBlock[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a delivery learned from Slack (a message's ts) and must store with the item's removal. */
export type Remember = (tx: Repos) => Promise<void>;

/** Applies a change to the stored record as it is now, inside the outbox's transaction. */
async function changeStored<T extends { id: string }>(
  repo: { get(id: string): Promise<T | undefined>; save(r: T): Promise<void> },
  id: string,
  change: (r: T) => void,
) {
  const stored = await repo.get(id);
  if (!stored) return;
  change(stored);
  await repo.save(stored);
}

/** The sender's quality-fall or declined-name alert. */
const noticeAlertOf = (record: SenderRecord, which: OutboxItem['noticeOf']) =>
  which === 'quality' ? record.watch?.qualityAlert : which === 'name' ? record.watch?.nameAlert : undefined;

/** What each kind of outbox item does in Slack, and in which channel. */
/** Pages of a channel or thread looked through for a message that may already be posted. */
const MAX_LOOKUP_PAGES = 20;

export class OutboxMessages {
  private readonly lastPostAt = new Map<string, number>();

  constructor(
    private readonly ctx: SendersContext,
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly options: { paceMs: number },
  ) {}

  /**
   * The channel an item ends up in. Items of one channel are delivered in order, so a message
   * posted in a thread comes after the message that starts it. A scan of many items passes one
   * `reads` to all of them: each sender, run and onboarding is then read once per scan.
   */
  async channelOf(item: OutboxItem, reads: ScanReads = new ScanReads(this.ctx)): Promise<string | undefined> {
    const run = item.runId ? await reads.run(item.runId) : undefined;
    if (item.kind === 'refresh_bulk_progress' || item.kind === 'upload_results') return run?.channel;
    if (item.kind === 'onboarding_post') return (await reads.onboarding(item.onboardingId ?? ''))?.channel;
    if (item.kind === 'meta_alert' || item.kind === 'meta_alert_update') return metaChannelOf(item);
    const record = await reads.sender(item.senderId ?? '');
    if (!record) return undefined;
    if (item.kind === 'mark_recovered' || item.kind === 'update_alert') return record.watch?.stuckAlert?.channel;
    if (item.kind === 'resolve_notice') return noticeAlertOf(record, item.noticeOf)?.channel;
    if (item.kind === 'post') return this.target(item, record)?.channel;
    if (item.kind === 'post_sender_message') return this.senderMessageChannel(record, run);
    return record.slack?.channel ?? record.requestedBy;
  }

  /** Delivers the item; what Slack answered that the bot keeps comes back, to be stored as the item leaves. */
  async deliver(item: OutboxItem): Promise<Remember | undefined> {
    const run = await this.runOf(item);
    if (item.kind === 'refresh_bulk_progress') return run && this.showProgress(item, run);
    if (item.kind === 'upload_results') {
      if (run) await this.uploadResults(item, run);
      return;
    }
    if (item.kind === 'onboarding_post') return this.postForOnboarding(item);
    if (item.kind === 'meta_alert' || item.kind === 'meta_alert_update')
      return deliverMetaItem({ ctx: this.ctx, client: this.client, postOnce: (i, post) => this.postOnce(i, post) }, item);
    const record = await this.ctx.store.senders.get(item.senderId ?? '');
    if (!record) return;
    switch (item.kind) {
      case 'post_sender_message':
        return this.postSenderMessage(item, record, run);
      case 'upload_recording':
        await this.paced(record.slack?.channel ?? '', () => uploadRecordingOnce(this.ctx, this.client, item, record));
        return;
      case 'refresh_sender_message': {
        if (!record.slack?.ts) return;
        const message = await this.senderMessageOf(record, item.note);
        await this.client.chat.update({ channel: record.slack.channel, ts: record.slack.ts, text: message.text, blocks: message.blocks });
        return;
      }
      case 'mark_recovered': {
        const alert = record.watch?.stuckAlert;
        if (!alert?.ts || !alert.channel) return;
        const now = this.ctx.clock.now();
        const message = recoveredAlert(record, alert.recoveredAt ? Date.parse(alert.recoveredAt) : now);
        await this.client.chat.update({ channel: alert.channel, ts: alert.ts, text: message.text, blocks: message.blocks as never[] });
        return;
      }
      case 'resolve_notice': {
        const alert = noticeAlertOf(record, item.noticeOf);
        if (!alert) return;
        const now = this.ctx.clock.now();
        const message = item.noticeOf === 'quality' ? qualityBackAlert(record, alert, now) : nameApprovedAlert(record, alert, now);
        const posts = [...(alert.earlier ?? []), ...(alert.channel && alert.ts ? [{ channel: alert.channel, ts: alert.ts }] : [])];
        for (const post of posts) await this.client.chat.update({ channel: post.channel, ts: post.ts, text: message.text, blocks: message.blocks as never[] });
        return;
      }
      case 'update_alert': {
        const alert = record.watch?.stuckAlert;
        // A recovered alert already says how it ended (and who was on it).
        if (!alert?.ts || !alert.channel || alert.recoveredAt) return;
        await this.client.chat.update({ channel: alert.channel, ts: alert.ts, text: item.text ?? '', blocks: item.blocks as never[] });
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
        const kept = item.rememberAs;
        if (kept !== 'stuck_alert' && kept !== 'quality_alert' && kept !== 'name_alert') return;
        return (tx) =>
          changeStored(tx.senders, record.id, (r) => {
            const alert = kept === 'stuck_alert' ? r.watch?.stuckAlert : noticeAlertOf(r, kept === 'quality_alert' ? 'quality' : 'name');
            if (!alert) return;
            alert.channel = posted.channel ?? target.channel;
            alert.ts = posted.ts;
          });
      }
    }
  }

  /**
   * A registration's own message: in its bulk run's thread, or top-level in its channel (a DM to
   * the person who asked when it has none). A bulk row waits behind its run's progress message
   * in the channel's order; if that message could not be posted at all, the row goes top-level.
   */
  /** The sender's message; while it waits for a code, with the code requests its number has left (Meta counts them per number). */
  private async senderMessageOf(record: SenderRecord, note: string | undefined) {
    const now = this.ctx.clock.now();
    const codeRequestsLeft = record.state === 'awaiting_code' ? (await codeRequestsOf(this.ctx.store, record.phoneNumber, now)).left : undefined;
    return senderMessage(record, await customerNameFor(this.ctx, record.accountSid), note, now, { codeRequestsLeft });
  }

  private async postSenderMessage(item: OutboxItem, record: SenderRecord, run: BulkRun | undefined): Promise<Remember | undefined> {
    if (record.slack?.ts) return;
    const channel = this.senderMessageChannel(record, run);
    const threadTs = run?.progressTs ?? record.slack?.threadTs;
    const message = await this.senderMessageOf(record, item.note);
    const posted = await this.postOnce(item, { channel, thread_ts: threadTs, text: message.text, blocks: message.blocks });
    return (tx) =>
      changeStored(tx.senders, record.id, (r) => {
        r.slack = { channel: posted.channel ?? channel, ts: posted.ts, ...(threadTs ? { threadTs } : {}) };
      });
  }

  /** The onboarding link message (remembered, for its thread), or a post in that thread. */
  private async postForOnboarding(item: OutboxItem): Promise<Remember | undefined> {
    const onboarding = await this.ctx.store.onboardings.get(item.onboardingId ?? '');
    if (!onboarding) return;
    const threadTs = item.threadOf === 'onboarding' ? onboarding.linkTs : undefined;
    // Items stored before notices were kept as data carry their words.
    const words = item.notice
      ? onboardingNoticeMessage(item.notice, this.ctx.settings.command)
      : { text: item.text ?? '', blocks: item.blocks as KnownBlock[] };
    const posted = await this.postOnce(item, { channel: onboarding.channel, thread_ts: threadTs, ...words });
    if (item.rememberAs !== 'onboarding_link') return;
    return (tx) =>
      changeStored(tx.onboardings, onboarding.id, (o) => {
        o.linkTs = posted.ts;
      });
  }

  private async showProgress(item: OutboxItem, run: BulkRun): Promise<Remember | undefined> {
    const now = this.ctx.clock.now();
    const command = this.ctx.settings.command;
    const message = isUpdateRun(run)
      ? bulkUpdateProgressMessage(run, countUpdateRun(run), await expectedUpdateFinish(this.ctx, run, now), command, now)
      : bulkProgressMessage(run, await countRun(this.ctx, run), await expectedFinish(this.ctx, run, now), command, now);
    if (run.progressTs) {
      await this.client.chat.update({ channel: run.channel, ts: run.progressTs, text: message.text, blocks: message.blocks });
      return;
    }
    const posted = await this.postOnce(item, { channel: run.channel, text: message.text, blocks: message.blocks });
    return (tx) =>
      changeStored(tx.bulkRuns, run.id, (r) => {
        r.channel = posted.channel ?? r.channel;
        r.progressTs = posted.ts;
      });
  }

  private async uploadResults(item: OutboxItem, run: BulkRun): Promise<void> {
    await this.paced(run.channel, () => uploadResultsOnce(this.ctx, this.client, item, run));
  }

  /**
   * Posts a message exactly once, as far as Slack lets an app know: the item is marked as being
   * sent (and stored) first, and the message carries the item's id in its metadata. An item
   * found marked after a restart is looked up in the channel or thread before it is posted.
   */
  private async postOnce(item: OutboxItem, message: Post): Promise<{ channel?: string; ts?: string }> {
    if (item.sendingAt) {
      const found = await this.findPosted(item, message.channel, message.thread_ts);
      if (found) return found;
    }
    const before = item.sendingAt;
    item.sendingAt = new Date(this.ctx.clock.now()).toISOString();
    try {
      const at = item.sendingAt;
      await commit(this.ctx, async () => ({ also: (tx) => tx.outbox.markSending(item.id, at) }));
    } catch (error) {
      item.sendingAt = before;
      throw error;
    }
    const metadata = { event_type: OUTBOX_EVENT, event_payload: { outbox_id: item.id } };
    const posted = await this.paced(message.channel, () =>
      this.client.chat.postMessage(
        message.thread_ts
          ? {
              channel: message.channel,
              text: message.text,
              blocks: message.blocks,
              metadata,
              thread_ts: message.thread_ts,
              reply_broadcast: Boolean(message.reply_broadcast) as true,
            }
          : { channel: message.channel, text: message.text, blocks: message.blocks, metadata },
      ),
    );
    return { channel: posted.channel, ts: posted.ts };
  }

  /** The message this item posted before a crash, if Slack has it. Throws while Slack cannot be asked. */
  private async findPosted(item: OutboxItem, channel: string, threadTs?: string): Promise<{ channel: string; ts?: string } | undefined> {
    // Only what was posted since the item was marked (a minute's margin for clocks), every page of it:
    // a long bulk thread holds hundreds of replies.
    const oldest = item.sendingAt ? String(Math.max(0, Date.parse(item.sendingAt) / 1000 - 60)) : undefined;
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LOOKUP_PAGES; page += 1) {
        const answer = threadTs
          ? await this.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200, oldest, inclusive: true, cursor })
          : await this.client.conversations.history({ channel, include_all_metadata: true, limit: 200, oldest, inclusive: true, cursor });
        const hit = (answer.messages ?? []).find(
          (m) => (m.metadata as { event_payload?: { outbox_id?: string } } | undefined)?.event_payload?.outbox_id === item.id,
        );
        if (hit) return { channel, ts: hit.ts };
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    } catch (error) {
      const slackSaid = (error as { data?: { error?: string } }).data?.error;
      if (!slackSaid || !CANNOT_LOOK_UP.has(slackSaid)) throw error;
      this.logger.warn('cannot check whether a message was already posted; posting it', { id: item.id, error: slackSaid });
      return undefined;
    }
  }

  /**
   * Posts to a channel at most once per pace, counted from Slack's answer to the last post: Slack
   * counts its limit as posts arrive, and a post slow to get there must not bring the next one
   * closer to it.
   */
  private async paced<T>(channel: string, post: () => Promise<T>): Promise<T> {
    // Never longer than the pace itself, even if the clock stepped back since the last post.
    const wait = Math.min((this.lastPostAt.get(channel) ?? 0) + this.options.paceMs - Date.now(), this.options.paceMs);
    if (wait > 0) await sleep(wait);
    try {
      return await post();
    } finally {
      this.lastPostAt.set(channel, Date.now());
    }
  }

  /** Where a registration message goes: its bulk run's channel, its own, or a DM to whoever asked. */
  private senderMessageChannel(record: SenderRecord, run: BulkRun | undefined): string {
    return run?.channel ?? record.slack?.channel ?? record.requestedBy;
  }

  private async runOf(item: OutboxItem): Promise<BulkRun | undefined> {
    return item.runId ? this.ctx.store.bulkRuns.get(item.runId) : undefined;
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

/** The records one scan of the outbox reads, each once. */
export class ScanReads {
  private readonly senders = new Map<string, Promise<SenderRecord | undefined>>();
  private readonly runs = new Map<string, Promise<BulkRun | undefined>>();
  private readonly onboardings = new Map<string, Promise<Onboarding | undefined>>();

  constructor(private readonly ctx: SendersContext) {}

  sender(id: string): Promise<SenderRecord | undefined> {
    return once(this.senders, id, () => this.ctx.store.senders.get(id));
  }

  run(id: string): Promise<BulkRun | undefined> {
    return once(this.runs, id, () => this.ctx.store.bulkRuns.get(id));
  }

  onboarding(id: string): Promise<Onboarding | undefined> {
    return once(this.onboardings, id, () => this.ctx.store.onboardings.get(id));
  }
}

function once<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = read();
    cache.set(key, found);
  }
  return found;
}
