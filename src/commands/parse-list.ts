/** `list`'s filters as typed: `customer:<name>` (quoted when it has spaces) and `status:<status>`. */
export interface ListFilterWords {
  customer?: string;
  status?: string;
}

/** The statuses `status:` takes, as people type them, and the status each shows. */
export const LIST_STATUSES: Record<string, string> = {
  online: 'ONLINE',
  offline: 'OFFLINE',
  verifying: 'VERIFYING',
  pending_verification: 'PENDING_VERIFICATION',
  pending: 'PENDING_VERIFICATION',
  twilio_review: 'TWILIO_REVIEW',
  review: 'TWILIO_REVIEW',
  draft: 'DRAFT',
  creating: 'CREATING',
  failed: 'FAILED',
  deleted: 'DELETED',
  abandoned: 'ABANDONED',
};

const FILTER = /^(customer|status):(?:["“”]([^"“”]*)["“”]?|(\S*))/i;

type Parsed = { name: 'list'; filter: ListFilterWords } | { name: 'invalid'; message: string };

/** `list [customer:<name>] [status:<status>]`: the words after `list`, in any order. */
export function parseListFilter(text: string, command: string): Parsed {
  const usage = `Use \`${command} list\`, or filter it: \`${command} list customer:"Acme Corp" status:offline\`.`;
  let rest = text
    .trim()
    .replace(/^list\b/i, '')
    .trim();
  const filter: ListFilterWords = {};
  while (rest) {
    const match = FILTER.exec(rest);
    if (!match) return { name: 'invalid', message: `\`${rest.split(/\s/)[0]!.slice(0, 40)}\` is not a filter. ${usage}` };
    const key = match[1]!.toLowerCase() as keyof ListFilterWords;
    const value = (match[2] ?? match[3] ?? '').trim();
    if (!value) return { name: 'invalid', message: `Say which ${key} after \`${key}:\`. ${usage}` };
    filter[key] = value;
    rest = rest.slice(match[0].length).trim();
  }
  if (filter.status !== undefined && !statusOf(filter.status)) {
    return {
      name: 'invalid',
      message: `\`${filter.status.slice(0, 40)}\` is not a status. Use one of: ${Object.keys(LIST_STATUSES).join(', ')}, e.g. \`${command} list status:offline\`.`,
    };
  }
  return { name: 'list', filter };
}

/** The shown status a typed `status:` word names. */
export const statusOf = (word: string): string | undefined => {
  const key = word
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return Object.hasOwn(LIST_STATUSES, key) ? LIST_STATUSES[key] : undefined;
};
