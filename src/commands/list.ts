import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { customerNames } from '../senders/customers/customers.js';
import type { SenderFilter } from '../store/repositories.js';
import { LIST_PAGE_SIZE, type ListPage, listMessage, listStatusOrder } from '../views/list-message.js';
import { type ListFilterWords, statusOf } from './parse-list.js';

type Message = ReturnType<typeof listMessage>;

/**
 * `list` with its filters, one page of it: the senders of each status (needing attention first),
 * read a page at a time from the store. Answers what to say instead when a filter names nothing.
 */
export async function listPage(deps: AppDeps, words: ListFilterWords, scope: ChannelScope, page: number): Promise<Message | string> {
  const { store, twilio } = deps.senders;
  const account = await accountOf(deps, words.customer, scope);
  if (typeof account === 'string') return account;
  const status = words.status === undefined ? undefined : statusOf(words.status);
  // A bound channel sees its customer's senders; a channel bound to a customer since removed sees none.
  const allowed = scope.customer ? [scope.customer.accountSid] : scope.allows(twilio.mainAccountSid) ? undefined : [];
  const accountSids = account ? (allowed && !allowed.includes(account.accountSid) ? [] : [account.accountSid]) : allowed;
  const filter: SenderFilter = { watched: true, ...(accountSids ? { accountSids } : {}), ...(status ? { shownStatuses: [status] } : {}) };
  const counts = listStatusOrder(await store.senders.groupByShownStatus(filter, 0));
  const total = counts.reduce((sum, group) => sum + group.count, 0);
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const shown = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const groups: ListPage['groups'] = [];
  let skip = shown * LIST_PAGE_SIZE;
  let room = LIST_PAGE_SIZE;
  for (const group of counts) {
    if (room === 0) break;
    if (skip >= group.count) {
      skip -= group.count;
      continue;
    }
    const records = await store.senders.list({ ...filter, shownStatuses: [group.status] }, { offset: skip, limit: room });
    groups.push({ status: group.status, count: group.count, records });
    room -= records.length;
    skip = 0;
  }
  const nameOf = await customerNames(deps.senders);
  return listMessage({ groups, total, page: shown, pages, filter: { customer: account?.name, status }, words }, (r) => nameOf(r.accountSid), deps.slashCommand);
}

/** The account `customer:` names: a customer by name, SID or a unique part of its name, or the main account. */
async function accountOf(deps: AppDeps, typed: string | undefined, scope: ChannelScope): Promise<{ accountSid: string; name: string } | undefined | string> {
  if (typed === undefined) return undefined;
  const { store, twilio } = deps.senders;
  const wanted = typed.trim().toLowerCase();
  if (wanted === 'main' || wanted === 'main account') return { accountSid: twilio.mainAccountSid, name: 'Main account' };
  const exact = await store.customers.find(typed);
  if (exact && scope.allows(exact.accountSid)) return { accountSid: exact.accountSid, name: exact.name };
  const partly = (await store.customers.list()).filter((c) => scope.allows(c.accountSid) && c.name.toLowerCase().includes(wanted));
  if (partly.length === 1) return { accountSid: partly[0]!.accountSid, name: partly[0]!.name };
  const shown = typed.replace(/[`<>&*_~]/g, '').slice(0, 64);
  if (partly.length > 1) {
    const names = partly
      .slice(0, 5)
      .map((c) => `"${c.name}"`)
      .join(', ');
    return `"${shown}" matches ${partly.length} customers (${names}${partly.length > 5 ? ', …' : ''}): give more of the name, e.g. \`${deps.slashCommand} list customer:"${partly[0]!.name}"\`.`;
  }
  return `No customer "${shown}". See \`${deps.slashCommand} customers\` for their names, or \`customer:main\` for the main account.`;
}
