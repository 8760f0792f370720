import type { KnownBlock } from '@slack/types';
import type { MetaHealthError, MetaIncident, MetaNumberView, MetaWabaView } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { clip, context, escapeText, section } from './blocks.js';
import { entityLabel, metaWord } from './meta-incident-words.js';
import { whatsAppManagerUrl } from './meta-next-steps.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';

export interface MetaDetailsNumber {
  e164: string;
  twilioStatus?: string;
  /** What Meta's Graph API last showed of the number. */
  meta?: MetaNumberView;
}

export interface MetaDetailsFacts {
  customerName: string;
  wabaId: string;
  waba?: MetaWabaView;
  numbers: MetaDetailsNumber[];
  now: number;
}

const MAX_ERRORS = 12;
const MAX_NUMBERS = 30;

function errorLine(error: MetaHealthError, about?: string): string {
  const code = error.code !== undefined ? ` *${error.code}*` : '';
  const solution = error.solution ? `\n   Meta suggests: ${escapeText(error.solution)}` : '';
  return `• ${entityLabel(error.entity)}${about ? ` ${escapeText(about)}` : ''}${code}: ${escapeText(error.description)}${solution}`;
}

/** Every error Meta gives for the incident, the WABA and its numbers, each once. */
function allErrors(incident: MetaIncident, facts: MetaDetailsFacts): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  const add = (error: MetaHealthError, about?: string) => {
    const key = `${error.entity}|${error.code ?? ''}|${error.description}|${about ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(errorLine(error, about));
  };
  const about = incident.entity === 'PHONE_NUMBER' || incident.entity === 'NAME' ? incident.numbers.join(', ') : undefined;
  add({ entity: incident.entity, code: incident.code, description: incident.description, solution: incident.solution }, about);
  for (const error of facts.waba?.health?.errors ?? []) add(error);
  for (const number of facts.numbers) for (const error of number.meta?.health?.errors ?? []) add(error, number.e164);
  return lines;
}

function numberLine(number: MetaDetailsNumber): string {
  const twilio = number.twilioStatus ? statusWord(number.twilioStatus) : 'not registered through this bot';
  const meta = number.meta;
  if (!meta) return `• ${escapeText(number.e164)} · Twilio: ${twilio} · Meta: not read yet`;
  const parts = [
    meta.health ? `sending ${metaWord(meta.health.canSend)}` : undefined,
    meta.status ? metaWord(meta.status) : undefined,
    meta.nameStatus ? `name ${metaWord(meta.nameStatus)}` : undefined,
    meta.nameDecision?.reason ? `Meta’s reason: ${escapeText(meta.nameDecision.reason)}` : undefined,
    meta.quality ? `quality ${metaWord(meta.quality)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `• ${escapeText(number.e164)} · Twilio: ${twilio} · Meta: ${parts.length ? parts.join(', ') : 'nothing reported'}`;
}

function wabaLine(facts: MetaDetailsFacts): string {
  const waba = facts.waba;
  const parts = [
    waba?.health ? `sending ${metaWord(waba.health.canSend)}` : undefined,
    waba?.accountReviewStatus ? `account review ${metaWord(waba.accountReviewStatus)}` : undefined,
    waba?.businessVerification ? `business verification ${metaWord(waba.businessVerification)}` : undefined,
    waba?.businessId ? `business \`${escapeText(waba.businessId)}\`` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `*WhatsApp account* <${whatsAppManagerUrl(facts.wabaId)}|${escapeText(facts.wabaId)}>${parts.length ? `: ${parts.join(' · ')}` : ''}`;
}

/** What the alert leaves out, for whoever presses Details: every error Meta gives, the numbers with both views, and the WABA. */
export function metaIncidentDetails(incident: MetaIncident, facts: MetaDetailsFacts): SlackPost {
  const errors = allErrors(incident, facts);
  const shown = errors.slice(0, MAX_ERRORS);
  if (errors.length > MAX_ERRORS) shown.push(`…and ${errors.length - MAX_ERRORS} more`);
  const numbers = facts.numbers.slice(0, MAX_NUMBERS).map(numberLine);
  if (facts.numbers.length > MAX_NUMBERS) numbers.push(`…and ${facts.numbers.length - MAX_NUMBERS} more`);
  const checked = facts.waba?.checkedAt ? ` · Meta last read ${slackTime(Date.parse(facts.waba.checkedAt), facts.now)}` : '';
  const blocks: KnownBlock[] = [
    section(`*Details of Meta’s incident for ${escapeText(facts.customerName)}*`),
    section(clip(`*Meta’s errors*\n${shown.join('\n')}`, 2800)),
    section(clip(`*Numbers*\n${numbers.length ? numbers.join('\n') : 'None known.'}`, 2800)),
    section(clip(wabaLine(facts), 2800)),
    context(`Opened ${slackTime(Date.parse(incident.postedAt), facts.now)}${checked}`),
  ];
  return { text: `Details of Meta’s incident for ${facts.customerName}`, blocks };
}
