import type { SenderRecord, UpdateRow } from '../../store/schema.js';
import type { SenderWire, UpdateSenderBody } from '../../twilio/wire.js';
import {
  type EditableField,
  emailsOnTheWire,
  entryText,
  type ProfileChange,
  profileChanges,
  updateBodyFor,
  type WantedValues,
  WEBHOOK_FIELDS,
  websitesOnTheWire,
} from '../profile/index.js';

type Body = NonNullable<UpdateRow['body']>;

/** A CSV column as the profile rules name the field (`callback_url` → `webhook.callback_url`). */
export const editableField = (column: string): EditableField =>
  ((WEBHOOK_FIELDS as readonly string[]).includes(column) ? `webhook.${column}` : `profile.${column}`) as EditableField;

const asWanted = (wanted: UpdateRow['wanted']): WantedValues =>
  Object.fromEntries(Object.entries(wanted).map(([column, value]) => [editableField(column), value])) as WantedValues;

/** The sender as the bot last knew it, in Twilio's shape, to count what a row changes before anything is asked of Twilio. */
function recordAsWire(record: SenderRecord): SenderWire {
  const { name: _name, emails, websites, ...profile } = record.profile;
  return {
    sid: record.sid ?? null,
    status: record.status ?? '',
    sender_id: null,
    profile: { ...profile, ...(emails ? { emails: emailsOnTheWire(emails) } : {}), ...(websites ? { websites: websitesOnTheWire(websites) } : {}) },
    webhook: { ...record.webhook },
  };
}

/** The fields of a row that differ from what the bot knows of its sender, as the CSV names them. */
export const changedFields = (record: SenderRecord, wanted: UpdateRow['wanted']): string[] =>
  profileChanges(recordAsWire(record), asWanted(wanted)).map((change) => change.field.split('.')[1]!);

/** What a row changes against what Twilio holds now: only the fields that differ (never profile.name). */
export const rowChanges = (current: SenderWire, wanted: UpdateRow['wanted']): ProfileChange[] => profileChanges(current, asWanted(wanted));

export const rowBody = (changes: readonly ProfileChange[]): Body => updateBodyFor(changes) as Body;

export const wireBody = (body: Body): UpdateSenderBody => body as UpdateSenderBody;

/** The field names a body changes, as the CSV names them. */
export const fieldsOf = (body: Body): string[] => [...Object.keys(body.profile ?? {}), ...Object.keys(body.webhook ?? {})];

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A list as the record keeps it: each entry as typed (`Label: address`). */
const typedEntries = (value: unknown, key: 'email' | 'website'): string[] =>
  (value as Record<string, string>[]).map((item) => entryText({ value: item[key] ?? '', label: item.label }));

/** The bot's record after Twilio took the body, so what the bot shows and exports matches Twilio. */
export function applyToRecord(record: SenderRecord, body: Body): void {
  const profile = record.profile as unknown as Record<string, unknown>;
  const webhook = record.webhook as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(body.profile ?? {})) {
    if (isEmpty(value)) delete profile[field];
    else profile[field] = field === 'emails' ? typedEntries(value, 'email') : field === 'websites' ? typedEntries(value, 'website') : value;
  }
  for (const [field, value] of Object.entries(body.webhook ?? {})) {
    if (isEmpty(value)) delete webhook[field];
    else webhook[field] = value;
  }
}
