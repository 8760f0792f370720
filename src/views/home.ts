import type { HomeView, KnownBlock } from '@slack/types';
import { currentStatusSince, isSnoozed } from '../senders/watch/alert-decisions.js';
import { isWatched, type WatchSettings } from '../senders/watch/schedule.js';
import type { PollerState, SenderRecord } from '../store/schema.js';
import { actions, button, clip, context, divider, escapeText, header, section } from './blocks.js';
import { ACTION } from './ids.js';
import { qualityLine } from './quality.js';
import { displayStatus, recordEmoji, senderTitle, statusEmoji } from './sender-summary.js';
import { timeText } from './time-text.js';

const MAX_LISTED = 20;

type Need = { record: SenderRecord; why: string };

/** Senders that need a person: stuck OFFLINE, waiting for a code, or failed. */
export function needingAttention(records: SenderRecord[], now: number, settings: WatchSettings): Need[] {
  const needs: Need[] = [];
  for (const r of records) {
    if (r.watch?.unwatchedAt || r.state === 'abandoned' || r.dismissed) continue;
    const incident = r.watch?.stuckAlert && !r.watch.stuckAlert.recoveredAt ? r.watch.stuckAlert : undefined;
    const snoozed = isSnoozed(r, now) ? ' (snoozed)' : '';
    if (r.state === 'failed') needs.push({ record: r, why: r.lastError?.message ?? 'Failed' });
    else if (incident?.kind === 'drop')
      needs.push({ record: r, why: `Dropped from ONLINE to ${r.status} at ${timeText(Date.parse(incident.postedAt), now)}${snoozed}` });
    else if (incident && r.status !== 'OFFLINE')
      needs.push({ record: r, why: `${r.status} for ${Math.round((now - currentStatusSince(r, now)) / 60_000)} min: stuck${snoozed}` });
    else if (r.status === 'OFFLINE' && now - currentStatusSince(r, now) >= settings.stuckOfflineMs) {
      needs.push({ record: r, why: `OFFLINE for ${Math.round((now - currentStatusSince(r, now)) / 60_000)} min${isSnoozed(r, now) ? ' (snoozed)' : ''}` });
    } else if (r.state === 'awaiting_code') needs.push({ record: r, why: 'Waiting for its code' });
  }
  return needs;
}

export function homeView(records: SenderRecord[], poller: PollerState, now: number, settings: WatchSettings, command: string): HomeView {
  const tracked = records.filter((r) => !r.watch?.unwatchedAt);
  const counts = new Map<string, number>();
  for (const r of tracked) {
    const key = displayStatus(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const blocks: KnownBlock[] = [header('WhatsApp senders')];
  blocks.push(
    section(
      tracked.length
        ? [...counts.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([status, n]) => `${statusEmoji(status)} *${status}*: ${n}`)
            .join('   ')
        : `No senders tracked yet. Register one with \`${command} register\`.`,
    ),
  );
  const online = tracked.filter((r) => r.state === 'online');
  if (online.length) {
    const low = online.filter((r) => r.qualityRating === 'LOW').length;
    const medium = online.filter((r) => r.qualityRating === 'MEDIUM').length;
    const worstFirst = [...online].sort((a, b) => qualityOrder(a) - qualityOrder(b));
    const lines = worstFirst.slice(0, MAX_LISTED).map((r) => `• ${r.phoneNumber} (${escapeText(r.profile.name)}): ${qualityLine(r)}`);
    if (online.length > MAX_LISTED) lines.push(`…and ${online.length - MAX_LISTED} more: \`${command} list\``);
    blocks.push(divider(), header(`Quality: ${medium} at MEDIUM, ${low} at LOW`), section(clip(lines.join('\n'), 3000)));
  }
  const needs = needingAttention(records, now, settings);
  blocks.push(divider(), header(`Needs a person (${needs.length})`));
  if (needs.length === 0) blocks.push(section('Nothing needs attention. :tada:'));
  for (const { record, why } of needs.slice(0, MAX_LISTED)) {
    blocks.push(section(clip(`${recordEmoji(record)} *${senderTitle(record)}*\n${why}`, 3000)));
    const buttons = [];
    if (record.state === 'awaiting_code') buttons.push(button('Enter code', ACTION.enterCode, record.id, 'primary'));
    if (record.state === 'awaiting_code' && record.path !== 'twilio_sms' && record.path !== 'watched')
      buttons.push(button('Resend code', ACTION.resend, record.id));
    if (record.state !== 'failed') buttons.push(button('Re-check now', ACTION.recheck, record.id));
    else buttons.push(button('Retry', ACTION.retry, record.id, 'primary'), button('Dismiss', ACTION.dismiss, record.id));
    if (record.status === 'OFFLINE' || (record.watch?.stuckAlert && !record.watch.stuckAlert.recoveredAt))
      buttons.push(button('Snooze 4 h', ACTION.snooze, `${record.id}|240`));
    if (buttons.length) blocks.push(actions(`home_${record.id}`.slice(0, 255), buttons));
  }
  if (needs.length > MAX_LISTED) blocks.push(context(`…and ${needs.length - MAX_LISTED} more: \`${command} list\``));
  blocks.push(divider(), context(lastPollLine(records, poller, now)));
  return { type: 'home', blocks };
}

/** When the watcher last looked, in words: what it checked, or that nothing was due and when the next check is. */
function lastPollLine(records: SenderRecord[], poller: PollerState, now: number): string {
  if (!poller.lastPollAt) return 'The status watcher has not polled yet.';
  const at = `Last poll ${timeText(Date.parse(poller.lastPollAt), now)}`;
  if (poller.lastPollChecked) {
    return `${at}: ${poller.lastPollChecked} checked in ${poller.lastPollMs ?? 0} ms${poller.lastPollFailures ? `, ${poller.lastPollFailures} failed` : ''}.`;
  }
  const next = records
    .filter(isWatched)
    .map((r) => (r.watch ? Date.parse(r.watch.nextCheckAt) : now))
    .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  return Number.isFinite(next) ? `${at}: nothing due; next check at ${timeText(Math.max(next, now), now)}.` : `${at}: nothing due; no sender to watch.`;
}

const QUALITY_ORDER: Record<string, number> = { LOW: 0, MEDIUM: 1, HIGH: 3 };
const qualityOrder = (r: SenderRecord) => QUALITY_ORDER[r.qualityRating ?? ''] ?? 2;

/** The Home tab of someone who may not see the senders, saying why. */
export function refusedHomeView(why: string): HomeView {
  return { type: 'home', blocks: [header('WhatsApp senders'), section(why)] };
}
