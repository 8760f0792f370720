import type { SenderRecord } from '../../store/schema.js';
import { codeSentAt } from '../codes/code-sent.js';
import { type VoiceForwardEnd, voiceForwardEnd } from '../numbers/voice-forward-end.js';
import { currentStatusSince, decideAlerts } from './alert-decisions.js';
import { nameVerdict } from './name-verdict.js';
import { nameApproved, openNameAlert, openQualityAlert, qualityBack } from './notice-alerts.js';
import { qualityChanges } from './quality.js';
import { applyAnswer, type SenderAnswer } from './refresh.js';
import { scheduleNext, type WatchSettings } from './schedule.js';
import type { Audience, RequesterEvent, WatchMessage, WatchNews } from './watch-messages.js';

/** Twilio's answer, or none: the check failed (timeout, 5xx) and is tried again later. */
export type CheckAnswer = SenderAnswer | { failed: true };

export interface CheckDecision {
  /** The record with its new fields: the status Twilio reported, the alert marks, the next check. A copy; the one given is left as it was. */
  record: SenderRecord;
  /** Whether the status changed. */
  changed: boolean;
  /** What to tell whom, in order, as plain data (the marks that keep each alert to one are in `record`). */
  messages: WatchMessage[];
  /** A voice-only number whose calls should go back to their own settings now (a call to Twilio), and why. */
  restoreVoice?: VoiceForwardEnd;
}

const post = (to: Audience, news: WatchNews): WatchMessage => ({ kind: 'post', to, news });

/**
 * Decides what a check of one sender means: records Twilio's answer, decides the alerts and
 * notes, and when to look again. Pure: no store, no Twilio, no clock but `now`, no words.
 */
export function checkSender(given: SenderRecord, answer: CheckAnswer, now: number, settings: WatchSettings): CheckDecision {
  const record = structuredClone(given);
  if ('failed' in answer) {
    scheduleNext(record, false, now, settings);
    return { record, changed: false, messages: [] };
  }
  const result = applyAnswer(record, answer, now);
  const messages: WatchMessage[] = [];
  const deadlineBefore = record.watch?.alertAfter;
  const intents = decideAlerts(record, result.previousStatus, result.changed, now, settings);
  // A bulk run's progress message stands for the changes and arrivals of its rows.
  const quiet = new Set<string>(record.bulk ? ['status_change', 'online'] : []);
  const tellRequester = (event: RequesterEvent) => {
    // A bulk row's arrival is told by its run.
    if (!(record.bulk && event === 'online')) messages.push(post('requester', { kind: 'requester', event }));
  };
  for (const intent of intents) {
    if (quiet.has(intent.kind)) continue;
    switch (intent.kind) {
      case 'status_change':
        messages.push(post('thread', { kind: 'status_change', from: intent.from, to: intent.to }));
        break;
      case 'online':
        messages.push(post('alerts', { kind: 'online' }));
        tellRequester('online');
        break;
      case 'stuck':
        messages.push(post('alerts', { kind: 'stuck', since: currentStatusSince(record, now) }));
        tellRequester('stuck');
        break;
      case 'dropped': {
        const incident = record.watch?.stuckAlert;
        const at = (time?: string) => (time ? Date.parse(time) : undefined);
        messages.push(post('alerts', { kind: 'dropped', onlineSince: at(incident?.onlineSince), lastSeenOnline: at(incident?.lastSeenOnline) }));
        tellRequester('dropped');
        break;
      }
      case 'stuck_reminder':
        // Once someone took the alert, the reminder is for that person: a mention in the thread, not the channel.
        messages.push(post('incident', { kind: 'stuck_reminder', since: currentStatusSince(record, now), takenBy: record.watch?.stuckAlert?.takenBy }));
        break;
      case 'recovered':
        messages.push({ kind: 'mark_recovered' });
        if (record.watch?.stuckAlert?.kind === 'drop') tellRequester('recovered');
        break;
      case 'code_reminder': {
        const waitedMinutes = (now - (codeSentAt(record, now) ?? Date.parse(record.createdAt))) / 60_000;
        messages.push(post('thread_broadcast', { kind: 'code_reminder', waitedMinutes }));
        break;
      }
    }
  }
  // A fall of quality or a lowered limit is alerted; every change is noted in the sender's thread.
  for (const change of qualityChanges(result.before, record)) {
    if (change.kind === 'quality_fell') {
      messages.push(post('alerts', change));
      openQualityAlert(record, change.from, now);
    } else if (change.kind === 'quality_rose') {
      messages.push(post('thread', change));
      if (qualityBack(record, change.to, now)) messages.push({ kind: 'resolve_notice', notice: 'quality' });
    } else {
      messages.push(post('thread', change));
      if (change.lowered) messages.push(post('alerts', { kind: 'limit_lowered', from: change.from, to: change.to }));
    }
  }
  // Each new verdict on a display-name change is noted in the sender's thread; a declined name is alerted.
  const verdict = nameVerdict(record, result.wire);
  if (verdict) {
    messages.push(post('thread', { kind: 'name_verdict', verdict }));
    if (verdict.status === 'DECLINED') {
      const askedAt = record.nameChange?.requestedAt ? Date.parse(record.nameChange.requestedAt) : undefined;
      messages.push(post('alerts', { kind: 'name_declined', name: verdict.name, askedAt }));
      openNameAlert(record, verdict.name, now);
    }
    if (nameApproved(record, verdict.status, now)) messages.push({ kind: 'resolve_notice', notice: 'name' });
  }
  // The message shows the status's deadline, so it is refreshed when that is first known too.
  if (result.changed || verdict || record.watch?.alertAfter !== deadlineBefore) messages.push({ kind: 'refresh_sender_message' });
  if (result.changed && record.bulk) messages.push({ kind: 'refresh_bulk_progress', runId: record.bulk.runId });
  scheduleNext(record, result.changed, now, settings);
  return { record, changed: result.changed, messages, restoreVoice: voiceForwardEnd(record, now, settings.voiceForwardMaxMs) };
}
