import type { KnownBlock } from '@slack/types';
import type { MetaIncident } from '../store/schema.js';
import { clip, divider, escapeText, header, section } from './blocks.js';
import { messageLink } from './message-link.js';
import { metaWhy } from './meta-alerts.js';

/** An open incident of Meta's view, with the customer it belongs to. */
export interface HomeMetaIncident {
  customer: string;
  incident: MetaIncident;
}

const MAX_SHOWN = 10;

/** The Home tab's section of what Meta reports and Twilio does not (restrictions, blocked numbers, declined names); nothing when all is well. */
export function homeMetaBlocks(open: readonly HomeMetaIncident[]): KnownBlock[] {
  if (open.length === 0) return [];
  const lines = open.slice(0, MAX_SHOWN).map(({ customer, incident }) => {
    const link = messageLink(incident.channel, incident.ts);
    const numbers = incident.numbers.length
      ? ` · ${incident.numbers.slice(0, 5).join(', ')}${incident.numbers.length > 5 ? ` and ${incident.numbers.length - 5} more` : ''}`
      : '';
    const taken = incident.takenBy ? ` · <@${incident.takenBy}> is on it` : '';
    return `:no_entry: *${escapeText(customer)}*${numbers}${taken}${link ? ` · <${link}|The alert>` : ''}\n${metaWhy(incident)}`;
  });
  if (open.length > MAX_SHOWN) lines.push(`…and ${open.length - MAX_SHOWN} more in the alert channel`);
  return [divider(), header(`Meta reports (${open.length})`), section(clip(lines.join('\n'), 3000))];
}
