import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { actions, button, clip, context, header, section } from './blocks.js';
import { ACTION } from './ids.js';
import { metaShort } from './meta-view.js';
import { qualityLine } from './quality.js';
import { statusEmoji } from './sender-summary.js';
import { statusWord } from './status-meanings.js';

/** Senders shown on one page of `list`. */
export const LIST_PAGE_SIZE = 20;

/** The statuses needing attention come first. */
const ORDER = ['PENDING_VERIFICATION', 'OFFLINE', 'FAILED', 'CREATING', 'VERIFYING', 'ONLINE'];
const rank = (status: string) => (ORDER.includes(status) ? ORDER.indexOf(status) : ORDER.length);

/** Status groups in the order `list` shows them. */
export const listStatusOrder = <G extends { status: string }>(groups: G[]): G[] =>
  [...groups].sort((a, b) => rank(a.status) - rank(b.status) || a.status.localeCompare(b.status));

export interface ListPage {
  /** This page's senders by status, in listStatusOrder; `count`: all of that status, on every page. */
  groups: { status: string; count: number; records: SenderRecord[] }[];
  total: number;
  /** From 0. */
  page: number;
  pages: number;
  /** The filters in words: the customer's name, the status. */
  filter: { customer?: string; status?: string };
  /** The filters as typed, carried by the page buttons. */
  words: { customer?: string; status?: string };
}

/** What a page button carries: the filters as typed and the page it shows. */
export interface ListButtonValue {
  customer?: string;
  status?: string;
  page: number;
}

export function listButtonValue(value: string): ListButtonValue {
  try {
    const parsed = JSON.parse(value) as Partial<ListButtonValue>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { customer: text(parsed.customer), status: text(parsed.status), page: Number.isInteger(parsed.page) ? Number(parsed.page) : 0 };
  } catch {
    return { page: 0 };
  }
}

/** `list`: one page of the tracked senders, grouped by status, with Previous and Next when there are more. */
export function listMessage(list: ListPage, customerName: (r: SenderRecord) => string, command: string): { text: string; blocks: KnownBlock[] } {
  const filtered = [list.filter.customer, list.filter.status].filter(Boolean).join(', ');
  if (list.total === 0) {
    const text = filtered
      ? `No senders match ${filtered.replace(/[<>&]/g, '')}. All of them: \`${command} list\`.`
      : `No senders tracked yet. Start one with \`${command} register\`.`;
    return { text: filtered ? 'No senders match.' : 'No senders tracked yet.', blocks: [section(text)] };
  }
  const title = `WhatsApp senders${filtered ? ` of ${filtered}` : ''} (${list.total})`;
  const blocks: KnownBlock[] = [header(clip(title, 150))];
  for (const group of list.groups) {
    const lines = group.records.map(
      (r) =>
        `• ${r.phoneNumber} · ${r.profile.name.replace(/[<>&]/g, '')} · ${customerName(r).replace(/[<>&]/g, '')}${r.sid ? ` · \`${r.sid}\`` : ''}${r.state === 'online' ? ` · ${qualityLine(r)}` : ''}${r.meta ? ` · ${metaShort(r.meta)}` : ''}`,
    );
    blocks.push(section(clip(`${statusEmoji(group.status)} *${statusWord(group.status)}* (${group.count})\n${lines.join('\n')}`, 3000)));
  }
  const where = list.pages > 1 ? `Page ${list.page + 1} of ${list.pages}. ` : '';
  blocks.push(context(`${where}Details of one sender: \`${command} status <number or XE sid>\`. Filters: \`${command} help follow\`.`));
  const turn = (label: string, page: number) => button(label, ACTION.listPage, JSON.stringify({ ...list.words, page } satisfies ListButtonValue));
  const buttons = [...(list.page > 0 ? [turn('Previous', list.page - 1)] : []), ...(list.page + 1 < list.pages ? [turn('Next', list.page + 1)] : [])];
  if (buttons.length) blocks.push(actions('list_pages', buttons));
  const summary = list.groups.map((group) => `${statusWord(group.status)} ${group.count}`).join(', ');
  return { text: `WhatsApp senders: ${summary}`, blocks };
}
