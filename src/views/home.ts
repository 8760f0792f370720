import type { HomeView, KnownBlock } from '@slack/types';
import { currentStatusSince, isSnoozed } from '../senders/watch/alert-decisions.js';
import type { WatchSettings } from '../senders/watch/schedule.js';
import type { HomeSummary } from '../store/repositories.js';
import { attentionOf } from '../store/rules/attention.js';
import type { PollerState, SenderRecord } from '../store/schema.js';
import { actions, button, clip, context, divider, escapeText, header, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { type HomeMetaIncident, homeMetaBlocks } from './home-meta.js';
import { ACTION } from './ids.js';
import { messageLink } from './message-link.js';
import { metaFlag } from './meta-view.js';
import { qualityLine } from './quality.js';
import { failedRowButton, outsideStep } from './retry-advice.js';
import { senderTitle, statusEmoji, statusLook } from './sender-summary.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';

/** The rows the Home tab lists at most, per list. */
export const MAX_LISTED = 20;

/** Why a sender needs a person, in words. */
export function attentionWhy(r: SenderRecord, now: number, stuckOfflineMs: number): string | undefined {
  const snoozed = isSnoozed(r, now) ? ' (snoozed)' : '';
  const since = () => durationText(Math.max(60_000, Math.round((now - currentStatusSince(r, now)) / 60_000) * 60_000));
  switch (attentionOf(r, now, stuckOfflineMs)) {
    case 'failed':
      return r.lastError?.message ?? 'Failed';
    case 'dropped':
      return `Dropped from online to ${statusWord(r.status ?? 'unknown', r).toLowerCase()} ${slackTime(Date.parse(r.watch!.stuckAlert!.postedAt), now)}${snoozed}`;
    case 'stuck':
      return `${statusWord(r.status ?? 'unknown', r)} for ${since()}: past its deadline${snoozed}`;
    case 'offline':
      return `Offline for ${since()}${snoozed}`;
    case 'awaiting_code':
      return 'Waiting for its code';
    default:
      return undefined;
  }
}

/** Where people start without a command: the forms the commands open. */
const startButtons = () =>
  actions('home_start', [
    button('Register a sender', ACTION.homeRegister, 'register', 'primary'),
    button('Onboard a customer', ACTION.homeOnboard, 'onboard'),
    button('Bulk registration', ACTION.homeBulk, 'bulk'),
  ]);

/** A link to the sender's own message, where its thread is (Slack's permalink form). */
export function threadLink(record: SenderRecord): string | undefined {
  const { channel, ts, threadTs } = record.slack ?? {};
  return messageLink(channel, ts, threadTs);
}

export function homeView(
  summary: HomeSummary,
  poller: PollerState,
  now: number,
  settings: WatchSettings,
  command: string,
  customerName: (record: SenderRecord) => string,
  /** Meta's open incidents, which Twilio's statuses above do not show. */
  metaIncidents: readonly HomeMetaIncident[] = [],
): HomeView {
  const counts = Object.entries(summary.byShownStatus);
  const blocks: KnownBlock[] = [header('WhatsApp senders'), startButtons()];
  blocks.push(
    section(
      counts.length
        ? counts
            .sort((a, b) => b[1] - a[1])
            .map(([status, n]) => `${statusEmoji(status)} *${statusWord(status)}*: ${n}`)
            .join('   ')
        : `No senders tracked yet. Register one with \`${command} register\`.`,
    ),
  );
  const { online } = summary;
  if (online.count) {
    const lines = online.worst
      .slice(0, MAX_LISTED)
      .map(
        (r) =>
          `• ${r.phoneNumber} (${escapeText(r.profile.name)}) · ${escapeText(customerName(r))}: ${[qualityLine(r), metaFlag(r.meta)].filter(Boolean).join(' · ')}`,
      );
    if (online.count > MAX_LISTED) lines.push(`…and ${online.count - MAX_LISTED} more: \`${command} list\``);
    blocks.push(divider(), header(`Quality: ${online.medium} at MEDIUM, ${online.low} at LOW`), section(clip(lines.join('\n'), 3000)));
  }
  blocks.push(...homeMetaBlocks(metaIncidents));
  const needs = summary.attention;
  blocks.push(divider(), header(`Needs a person (${needs.count})`));
  if (needs.count === 0) blocks.push(section('Nothing needs attention. :tada:'));
  for (const record of needs.first.slice(0, MAX_LISTED)) {
    const why = attentionWhy(record, now, settings.stuckOfflineMs) ?? '';
    const step = record.state === 'failed' ? outsideStep(record) : undefined;
    const link = threadLink(record);
    const meta = metaFlag(record.meta);
    const where = `${escapeText(customerName(record))}${link ? ` · <${link}|Its thread>` : ''}`;
    blocks.push(
      section(clip(`${statusLook(record, now).emoji} *${senderTitle(record)}* · ${where}\n${why}${step ? `\n${step}` : ''}${meta ? `\n${meta}` : ''}`, 3000)),
    );
    const buttons = [];
    if (record.state === 'awaiting_code') buttons.push(button('Enter code', ACTION.enterCode, record.id));
    if (record.state === 'awaiting_code' && record.path !== 'twilio_sms' && record.path !== 'watched')
      buttons.push(button('Resend code', ACTION.resend, record.id));
    if (record.state !== 'failed') buttons.push(button('Re-check now', ACTION.recheck, record.id));
    else buttons.push(failedRowButton(record), button('Dismiss', ACTION.dismiss, record.id));
    if (!isSnoozed(record, now) && (record.status === 'OFFLINE' || (record.watch?.stuckAlert && !record.watch.stuckAlert.recoveredAt)))
      buttons.push(button('Snooze 4 h', ACTION.snooze, `${record.id}|240`));
    if (buttons.length) blocks.push(actions(`home_${record.id}`.slice(0, 255), buttons));
  }
  if (needs.count > MAX_LISTED) blocks.push(context(`…and ${needs.count - MAX_LISTED} more: \`${command} list\``));
  blocks.push(divider(), context(lastPollLine(summary.nextCheckAt, poller, now)));
  return { type: 'home', blocks };
}

/** When the watcher last looked, in words: what it checked, or that nothing was due and when the next check is. */
function lastPollLine(nextCheckAt: number | undefined, poller: PollerState, now: number): string {
  if (!poller.lastPollAt) return 'The status watcher has not polled yet.';
  const at = `Last poll ${slackTime(Date.parse(poller.lastPollAt), now)}`;
  if (poller.lastPollChecked) {
    return `${at}: ${poller.lastPollChecked} checked in ${poller.lastPollMs ?? 0} ms${poller.lastPollFailures ? `, ${poller.lastPollFailures} failed` : ''}.`;
  }
  return nextCheckAt !== undefined
    ? `${at}: nothing due; next check ${slackTime(Math.max(nextCheckAt, now), now)}.`
    : `${at}: nothing due; no sender to watch.`;
}

/** The Home tab of someone who may not see the senders, saying why. */
export function refusedHomeView(why: string): HomeView {
  return { type: 'home', blocks: [header('WhatsApp senders'), section(why)] };
}
