import type { SenderRecord, UpdateRow } from '../../store/schema.js';
import type { SenderWire, UpdateSenderBody } from '../../twilio/wire.js';
import { type UpdateValue, WEBHOOK_FIELDS } from './update-csv.js';

type Body = NonNullable<UpdateRow['body']>;

const LISTS = { emails: 'email', websites: 'website' } as const;

/** A list field as Twilio holds it ([{ email, label }]), reduced to its addresses. */
const addresses = (field: 'emails' | 'websites', value: unknown): string[] =>
  Array.isArray(value) ? value.map((item) => String((item as Record<string, unknown>)[LISTS[field]] ?? '')).filter(Boolean) : [];

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The update request for a row: only the fields whose wanted value differs from what Twilio
 * holds now (profile.name is never in it: that would be a display-name change Meta reviews).
 * Empty when Twilio already holds every wanted value.
 */
export function updateBodyFor(current: SenderWire, wanted: UpdateRow['wanted']): Body {
  const body: Body = {};
  for (const [field, value] of Object.entries(wanted) as [string, UpdateValue][]) {
    const part = (WEBHOOK_FIELDS as readonly string[]).includes(field) ? 'webhook' : 'profile';
    const held = (current[part] as Record<string, unknown> | null | undefined)?.[field];
    let same: boolean;
    let sent: unknown = value;
    if (field === 'emails' || field === 'websites') {
      const list = (value as string[] | null) ?? [];
      same = JSON.stringify(addresses(field, held)) === JSON.stringify(list);
      sent = list.map((item) => ({ [LISTS[field]]: item }));
    } else same = (isEmpty(held) && isEmpty(value)) || held === value;
    if (same) continue;
    body[part] = { ...(body[part] ?? {}), [field]: sent };
  }
  return body;
}

export const isEmptyBody = (body: Body): boolean => !body.profile && !body.webhook;

export const wireBody = (body: Body): UpdateSenderBody => body as UpdateSenderBody;

/** The field names a body changes, as the CSV names them. */
export const fieldsOf = (body: Body): string[] => [...Object.keys(body.profile ?? {}), ...Object.keys(body.webhook ?? {})];

/** The bot's record after Twilio took the body, so what the bot shows matches Twilio. */
export function applyToRecord(record: SenderRecord, body: Body): void {
  const profile = record.profile as unknown as Record<string, unknown>;
  const webhook = record.webhook as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(body.profile ?? {})) {
    const plain = field === 'emails' || field === 'websites' ? addresses(field, value) : value;
    if (isEmpty(plain)) delete profile[field];
    else profile[field] = plain;
  }
  for (const [field, value] of Object.entries(body.webhook ?? {})) {
    if (isEmpty(value)) delete webhook[field];
    else webhook[field] = value;
  }
}
