import { REJECTED_NAME_CODES } from '../senders/display-name/rejected-name.js';
import type { SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import { escapeText } from './blocks.js';
import { ERROR_DOCS, guideFor } from './error-guide.js';
import { STATUS_MEANINGS, WILL_NOT_MOVE } from './status-meanings.js';
import { DROP_CHECKLIST, errorPageLabel, type Hint, OFFLINE_CHECKLIST, type ReasonHint } from './troubleshooting.js';

/** The one cause an alert names, and the one next step for it. */
export interface AlertCause {
  /** What is wrong, in words (mrkdwn). */
  cause: string;
  /** The one thing to do now (mrkdwn). */
  next: string;
  /** The page that explains the cause, labelled by what it opens. */
  link?: { url: string; label: string };
  /** Meta rejected the display name: the next step is a new name, not a check of the number. */
  nameRejected: boolean;
}

export const META_NAME_RULES = { url: 'https://www.facebook.com/business/help/757569725593362', label: 'Meta’s display name rules' };

/** Twilio's words for a code the bot has no guide for. */
const UNKNOWN_CODE_MEANING = 'Twilio refused the request.';

/** Meta's reason inside Twilio's message ("… Reason: the name does not match the business."), when it gives one. */
const metaReason = (message: string): string | undefined => message.match(/\breason:\s*(.+)$/i)?.[1]?.trim();

function nameRejectedCause(record: SenderRecord, message: string): AlertCause {
  const why = metaReason(message);
  return {
    cause: `Meta rejected the display name *${escapeText(record.profile.name)}*${why ? `: ${escapeText(why)}` : '.'}`,
    next: 'Choose a name that follows Meta’s display name rules and press *Change display name*.',
    link: META_NAME_RULES,
    nameRejected: true,
  };
}

function reasonCause(record: SenderRecord, reason: ReasonHint): AlertCause {
  if (REJECTED_NAME_CODES.has(reason.code)) return nameRejectedCause(record, reason.message);
  const known = reason.meaning !== UNKNOWN_CODE_MEANING;
  return {
    cause: known || !reason.message ? reason.meaning : `Twilio says: ${escapeText(reason.message)}`,
    next: known ? reason.next : 'Open Twilio’s page on this error for the fix.',
    link: { url: reason.link, label: errorPageLabel(reason.code) },
    nameRejected: false,
  };
}

/** The newest error-log entry whose code the bot can explain, as a reason. */
function loggedReason(errorLog: AlertWire[], command: string): ReasonHint | undefined {
  for (const entry of errorLog) {
    const code = entry.error_code ?? '';
    if (!/^\d+$/.test(code)) continue;
    const guide = guideFor({ message: '', twilioCode: Number(code), httpStatus: 400 }, command);
    if (guide.meaning === UNKNOWN_CODE_MEANING) continue;
    return { code, message: entry.alert_text ?? '', meaning: guide.meaning, next: guide.next, link: entry.more_info ?? ERROR_DOCS(code) };
  }
  return undefined;
}

/** A hint's title inside a sentence: names (Twilio, Meta, WhatsApp) keep their capital. */
const inSentence = (title: string): string => (/^(Twilio|Meta|WhatsApp)\b/.test(title) ? title : `${title.charAt(0).toLowerCase()}${title.slice(1)}`);

const hintStep = (hint: Hint): Pick<AlertCause, 'next' | 'link'> => ({
  next: `Check ${inSentence(hint.title)}. ${hint.detail}`,
  ...(hint.link ? { link: { url: hint.link, label: hint.title } } : {}),
});

const WHATSAPP_MANAGER = OFFLINE_CHECKLIST.find((h) => h.link?.includes('business.facebook.com')) ?? DROP_CHECKLIST[1]!;

/** Twilio's offline reasons say Meta rejected the display name: the cause every alert about the sender names first. */
export const hasRejectedName = (record: SenderRecord): boolean => (record.offlineReasons ?? []).some((r) => REJECTED_NAME_CODES.has(r.code ?? ''));

/**
 * The single cause that applies to an incident: Twilio's offline reason first, else the newest
 * explained error-log entry, else what the status itself means. The rest goes to Details.
 */
export function alertCause(record: SenderRecord, reasons: ReasonHint[], errorLog: AlertWire[], kind: 'stuck' | 'drop', command: string): AlertCause {
  const reason = reasons.find((r) => REJECTED_NAME_CODES.has(r.code)) ?? reasons.find((r) => r.meaning !== UNKNOWN_CODE_MEANING) ?? reasons[0];
  if (reason) return reasonCause(record, reason);
  const logged = loggedReason(errorLog, command);
  if (logged) return reasonCause(record, logged);
  const status = record.status ?? 'OFFLINE';
  const meaning = STATUS_MEANINGS[status];
  if (kind === 'stuck' && meaning && status !== 'OFFLINE') {
    const next = meaning.next?.(record.path);
    // Past its deadline, a status that moves by itself needs its first check, not "wait".
    const first = meaning.stuckHints(record.path)[0];
    const step = next && WILL_NOT_MOVE.has(status) ? { next } : first ? hintStep(first) : { next: next ?? 'Ask Twilio support, with the sender SID.' };
    return { cause: meaning.meaning(record.path), ...step, nameRejected: false };
  }
  return {
    cause: 'Twilio gives no reason, and its error log has nothing on this number.',
    ...hintStep(WHATSAPP_MANAGER),
    nameRejected: false,
  };
}
