import type { KnownBlock } from '@slack/types';
import type { MetaHealthError, MetaNumberView } from '../store/schema.js';
import { clip, context, escapeText, section } from './blocks.js';
import {
  isDeclinedName,
  isTroubledStatus,
  metaCanSendWords,
  metaEntityWords,
  metaLimitWords,
  metaNameWords,
  metaQualityWord,
  metaStatusWords,
} from './meta-words.js';
import { slackTime } from './time-text.js';

/** Meta's view in parts: what stops or limits the number (said first), then the rest. Plain text: each caller escapes. */
interface MetaParts {
  severity?: 'blocked' | 'warning';
  problems: string[];
  rest: string[];
}

/** Meta's words, cut to fit a line, without the full stop that would end the line early. */
const metaWords = (text: string, max: number): string => clip(text.trim().replace(/\.$/, ''), max);

const errorWords = (error: MetaHealthError, max: number): string =>
  `${metaEntityWords(error.entity)}: ${error.code ? `${error.code} ` : ''}${metaWords(error.description, max)}`;

/** The reason Meta gave for declining the name, from its name webhook. */
function declineReason(meta: MetaNumberView, max: number): string {
  const decision = meta.nameDecision;
  return decision?.reason && isDeclinedName(decision.decision) ? `: “${metaWords(decision.reason, max)}”` : '';
}

/** `max`: how much of each of Meta's texts is shown; a row of a list shows less, so twenty rows fit a block. */
function metaParts(meta: MetaNumberView, max = 300): MetaParts {
  const parts: MetaParts = { problems: [], rest: [] };
  const worse = (severity: 'blocked' | 'warning') => {
    if (parts.severity !== 'blocked') parts.severity = severity;
  };
  const canSend = meta.health?.canSend;
  const cannot = canSend === 'BLOCKED' || canSend === 'LIMITED';
  if (cannot) {
    worse(canSend === 'BLOCKED' ? 'blocked' : 'warning');
    const errors = meta.health?.errors ?? [];
    parts.problems.push(`${metaCanSendWords(canSend)}${errors.length ? ` — ${errors.map((e) => errorWords(e, max)).join('; ')}` : ''}`);
  }
  if (meta.status) {
    const words = metaStatusWords(meta.status);
    if (isTroubledStatus(meta.status)) {
      worse(meta.status === 'BANNED' || meta.status === 'DISCONNECTED' ? 'blocked' : 'warning');
      parts.problems.push(words);
    } else parts.rest.push(words);
  }
  if (meta.nameStatus) {
    const name = `name ${metaNameWords(meta.nameStatus)}`;
    if (isDeclinedName(meta.nameStatus)) {
      worse('warning');
      parts.problems.push(`${name}${declineReason(meta, max)}`);
    } else parts.rest.push(name);
  }
  if (meta.newNameStatus && meta.newNameStatus !== 'NONE')
    parts.rest.push(`new name ${metaNameWords(meta.newNameStatus)}${isDeclinedName(meta.newNameStatus) ? declineReason(meta, max) : ''}`);
  if (meta.quality) parts.rest.push(`quality ${metaQualityWord(meta.quality)}`);
  if (meta.limit) parts.rest.push(`limit ${metaLimitWords(meta.limit)}`);
  if (canSend && !cannot) parts.rest.push(metaCanSendWords(canSend));
  if (meta.official) parts.rest.push('Official Business Account');
  return parts;
}

const EMOJI = { blocked: ':no_entry: ', warning: ':warning: ' };

function line(parts: MetaParts, words: (text: string) => string, withEmoji: boolean): string {
  const emoji = withEmoji && parts.severity ? EMOJI[parts.severity] : '';
  const said = [...parts.problems, ...parts.rest].map(words);
  return `${emoji}Meta: ${said.length ? said.join(' · ') : 'nothing reported yet'}`;
}

/**
 * Meta's view of the number in one mrkdwn line, what stops or limits it first: "Meta: Connected ·
 * name Approved · quality High · limit 2K / day · can send", or ":no_entry: Meta: cannot send —
 * WhatsApp account: 141006 No valid payment method · …". Given `now`, the line ends with when
 * Meta was last asked; surfaces with a context element put that there instead (metaBlocks).
 * Undefined when the bot cannot ask Meta.
 */
export function metaLine(meta: MetaNumberView | undefined, now?: number): string | undefined {
  if (!meta) return undefined;
  const shown = line(metaParts(meta), escapeText, true);
  return now === undefined ? shown : `${shown} · as of ${slackTime(Date.parse(meta.checkedAt), now)}`;
}

/** The same in plain text, for plain_text fields and notification text. */
export function metaText(meta: MetaNumberView | undefined): string | undefined {
  return meta ? line(metaParts(meta), (text) => text, false) : undefined;
}

/** When the bot last asked Meta, in mrkdwn. */
export const metaAsOf = (meta: MetaNumberView, now: number): string => `Meta’s view as of ${slackTime(Date.parse(meta.checkedAt), now)}`;

/** A row's few words: what stops or limits the number, or "Meta: ok". */
export function metaShort(meta: MetaNumberView | undefined): string | undefined {
  if (!meta) return undefined;
  const parts = metaParts(meta, 80);
  return parts.problems.length ? line({ ...parts, rest: [] }, escapeText, true) : 'Meta: ok';
}

/** A row's flag, only when Meta reports something that stops or limits the number. */
export function metaFlag(meta: MetaNumberView | undefined): string | undefined {
  return meta && metaParts(meta).problems.length ? metaShort(meta) : undefined;
}

/** Meta's own next steps for the errors it reports, in its words. */
const solutions = (meta: MetaNumberView): string[] => [
  ...new Set((meta.health?.errors ?? []).map((e) => e.solution?.trim()).filter((s): s is string => Boolean(s))),
];

/** Meta's view as blocks: the line, then when Meta was asked and what Meta suggests. None when the bot cannot ask Meta. */
export function metaBlocks(meta: MetaNumberView | undefined, now: number): KnownBlock[] {
  const shown = metaLine(meta);
  if (!meta || !shown) return [];
  const advice = solutions(meta).map((s) => `Meta suggests: ${escapeText(clip(s, 500))}`);
  return [section(shown, 'meta'), context(clip([metaAsOf(meta, now), ...advice].join(' · '), 3000))];
}
