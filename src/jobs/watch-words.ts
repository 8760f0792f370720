import type { SendersContext } from '../senders/context.js';
import { customerNameFor } from '../senders/customers/customers.js';
import { declinedNameReasons, readErrorLog } from '../senders/watch/error-log.js';
import type { Audience, WatchMessage, WatchNews } from '../senders/watch/watch-messages.js';
import type { NewOutboxItem } from '../store/repositories.js';
import type { OutboxItem, SenderRecord } from '../store/schema.js';
import { codeReminder, onlineAlert, type SlackPost, statusChangeNote, stuckAlert, stuckReminder } from '../views/alerts.js';
import { droppedAlert } from '../views/drop-alert.js';
import { nameDeclinedAlert, nameVerdictNote } from '../views/name-verdicts.js';
import { limitLoweredAlert, limitNote, qualityFellAlert, qualityRoseNote } from '../views/quality.js';
import { requesterNote } from '../views/requester-notes.js';
import { offlineReasonHints } from '../views/troubleshooting.js';
import { voiceRestoredNote } from '../views/voice-forward-notes.js';

/**
 * Words what a check of a sender decided (views/) and addresses it, as the outbox item to store.
 * Alerts quote Twilio's own words (error-log entries, offline reasons): scrubbed before they are stored.
 */
export async function watchOutboxItem(
  ctx: SendersContext,
  record: SenderRecord,
  message: WatchMessage,
  now: number,
  alertChannel: string | undefined,
): Promise<NewOutboxItem> {
  if (message.kind === 'refresh_bulk_progress') return { kind: message.kind, runId: message.runId, senderId: undefined };
  if (message.kind === 'resolve_notice') return { senderId: record.id, kind: message.kind, noticeOf: message.notice };
  if (message.kind !== 'post') return { senderId: record.id, kind: message.kind };
  const words = await wordsFor(ctx, record, message.news, now);
  return {
    senderId: record.id,
    kind: 'post',
    ...rememberAs(message.news),
    ...target(record, message.to, alertChannel),
    ...ctx.secrets.scrubPost(words),
  };
}

/** The alerts whose message is kept, so their end can edit it. */
function rememberAs(news: WatchNews): Partial<OutboxItem> {
  if (news.kind === 'stuck' || news.kind === 'dropped') return { rememberAs: 'stuck_alert' };
  if (news.kind === 'quality_fell') return { rememberAs: 'quality_alert' };
  if (news.kind === 'name_declined') return { rememberAs: 'name_alert' };
  return {};
}

/** Where a message goes in Slack. */
function target(record: SenderRecord, to: Audience, alertChannel: string | undefined): Partial<OutboxItem> {
  switch (to) {
    case 'alerts':
      // The alert channel, or else the registration thread, shown in the channel.
      return alertChannel ? { channel: alertChannel } : { threadOf: 'registration', broadcast: true };
    case 'thread':
      return { threadOf: 'registration' };
    case 'thread_broadcast':
      return { threadOf: 'registration', broadcast: true };
    case 'incident':
      // Once someone took the alert, its reminders mention that person in the thread, not the channel.
      return { threadOf: 'stuck_alert', broadcast: !record.watch?.stuckAlert?.takenBy, ...(alertChannel ? { channel: alertChannel } : {}) };
    case 'requester':
      return { channel: record.requestedBy };
  }
}

async function wordsFor(ctx: SendersContext, record: SenderRecord, news: WatchNews, now: number): Promise<SlackPost> {
  const customer = () => customerNameFor(ctx, record.accountSid);
  const account = async () => ({ name: await customer(), main: record.accountSid === ctx.twilio.mainAccountSid });
  switch (news.kind) {
    case 'status_change':
      return statusChangeNote(record, news.from, news.to, now);
    case 'online':
      return onlineAlert(record, await customer());
    case 'stuck':
      return stuckAlert(
        record,
        await account(),
        news.since,
        offlineReasonHints(record, ctx.settings.command),
        await readErrorLog(ctx, record, now),
        now,
        ctx.settings.command,
      );
    case 'dropped': {
      const errorLog = await readErrorLog(ctx, record, now, news.lastSeenOnline);
      const facts = { onlineSince: news.onlineSince, lastSeenOnline: news.lastSeenOnline, reasons: offlineReasonHints(record, ctx.settings.command), errorLog };
      return droppedAlert(record, await account(), facts, now, ctx.settings.command);
    }
    case 'stuck_reminder':
      return stuckReminder(record, news.since, now, news.takenBy);
    case 'code_reminder':
      return codeReminder(record, news.waitedMinutes);
    case 'quality_fell':
      return qualityFellAlert(record, await customer(), news.from, news.to, now);
    case 'quality_rose':
      return qualityRoseNote(record, news.from, news.to, now);
    case 'limit_changed':
      return limitNote(record, news.from, news.to, news.lowered, now);
    case 'limit_lowered':
      return limitLoweredAlert(record, await customer(), news.from, news.to, now);
    case 'name_verdict':
      return nameVerdictNote(record, news.verdict, now);
    case 'name_declined':
      return nameDeclinedAlert(record, await customer(), news.name, await declinedNameReasons(ctx, record, now, news.askedAt), now);
    case 'requester':
      return requesterNote(record, news.event, now);
    case 'voice_restored':
      return voiceRestoredNote(record, news.why);
  }
}
