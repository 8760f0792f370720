import type { VoiceForwardEnd } from '../numbers/voice-forward-end.js';
import type { NameVerdict } from './name-verdict.js';

/** What a requester is told in a direct message. */
export type RequesterEvent = 'online' | 'stuck' | 'dropped' | 'recovered';

/**
 * Who hears of it: `alerts` is the alert channel (or, without one, the registration thread shown
 * in the channel); `thread` the registration's thread (`broadcast`: shown in the channel too);
 * `incident` the thread of the sender's open stuck or drop alert; `requester` a direct message to
 * whoever asked for the registration.
 */
export type Audience = 'alerts' | 'thread' | 'thread_broadcast' | 'incident' | 'requester';

/** What a check found worth telling, as plain data: the jobs layer words it (views/) and posts it. */
export type WatchNews =
  | { kind: 'status_change'; from?: string; to: string }
  | { kind: 'online' }
  /** Stuck in its status since `since`; the alert is remembered so its recovery can edit it. */
  | { kind: 'stuck'; since: number }
  | { kind: 'dropped'; onlineSince?: number; lastSeenOnline?: number }
  | { kind: 'stuck_reminder'; since: number; takenBy?: string }
  | { kind: 'code_reminder'; waitedMinutes: number }
  | { kind: 'quality_fell' | 'quality_rose'; from: string; to: string }
  | { kind: 'limit_changed'; from: string; to: string; lowered: boolean }
  | { kind: 'limit_lowered'; from: string; to: string }
  | { kind: 'name_verdict'; verdict: NameVerdict }
  /** Meta declined the display name asked for at `askedAt`. */
  | { kind: 'name_declined'; name: string; askedAt?: number }
  | { kind: 'requester'; event: RequesterEvent }
  | { kind: 'voice_restored'; why: VoiceForwardEnd };

/** A message to post, and to whom. */
export interface WatchPost {
  kind: 'post';
  to: Audience;
  news: WatchNews;
}

/** Slack messages rendered from the stored state when delivered: no words decided here. */
export type WatchUpdate =
  | { kind: 'mark_recovered' }
  /** A quality-fall or declined-name alert is over: its message is edited into a resolved line. */
  | { kind: 'resolve_notice'; notice: 'quality' | 'name' }
  | { kind: 'refresh_sender_message' }
  | { kind: 'refresh_bulk_progress'; runId: string };

/** In the order they are to reach Slack. */
export type WatchMessage = WatchPost | WatchUpdate;
