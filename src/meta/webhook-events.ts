import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { MetaEvent } from './meta-view.js';

/** The webhook fields the bot acts on; any other (`messages` above all: those are Twilio's) is left alone. */
export const META_EVENT_FIELDS = [
  'account_update',
  'phone_number_quality_update',
  'phone_number_name_update',
  'business_capability_update',
  'account_alerts',
] as const;

const FIELDS: ReadonlySet<string> = new Set(META_EVENT_FIELDS);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** JSON with every object's keys in order: the same value gives the same text however Meta ordered it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Meta's entry time, in seconds since the epoch (in milliseconds when it is that large), as ms; undefined when it is no time. */
function timeOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return undefined;
  return number < 1e11 ? number * 1000 : number;
}

/** A number as Meta writes it ("+1 555-123-4567", "15551234567") in E.164; undefined when it has no plausible digits. */
export function e164OfDisplay(display: unknown): string | undefined {
  const given = text(display);
  if (!given) return undefined;
  const digits = given.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  return parsePhoneNumberFromString(`+${digits}`)?.number ?? `+${digits}`;
}

function numbersOf(value: Json): string[] {
  const found = [value.display_phone_number, value.phone_number].map(e164OfDisplay).filter((n): n is string => n !== undefined);
  return [...new Set(found)];
}

function nameDecisionOf(value: Json, numbers: string[]): MetaEvent['nameDecision'] {
  const decision = text(value.decision);
  const e164 = numbers[0];
  if (!decision || !e164) return undefined;
  const name = text(value.requested_verified_name);
  const reason = text(value.rejection_reason);
  // Meta writes NONE when a decision has no reason.
  return { e164, decision, ...(name ? { name } : {}), ...(reason && reason !== 'NONE' ? { reason } : {}) };
}

function eventOf(wabaId: string, time: unknown, at: number, change: unknown): MetaEvent | undefined {
  if (!isObject(change) || typeof change.field !== 'string' || !FIELDS.has(change.field) || !isObject(change.value)) return undefined;
  const { field, value } = change;
  const key = createHash('sha256')
    .update(`${wabaId}|${field}|${String(time)}|${canonical(value)}`)
    .digest('hex');
  const numbers = numbersOf(value);
  const nameDecision = field === 'phone_number_name_update' ? nameDecisionOf(value, numbers) : undefined;
  return { key, wabaId, field, at, numbers, ...(nameDecision ? { nameDecision } : {}) };
}

/**
 * The changes a webhook of Meta's carries (`object` whatsapp_business_account), one event per
 * entry and change of the fields the bot acts on, in the order Meta listed them. Anything
 * malformed (an entry with no WABA id or time, a change with no value) is left out, never thrown.
 */
export function metaEventsOf(payload: unknown): MetaEvent[] {
  if (!isObject(payload) || payload.object !== 'whatsapp_business_account' || !Array.isArray(payload.entry)) return [];
  return payload.entry.flatMap((entry) => {
    if (!isObject(entry) || !Array.isArray(entry.changes)) return [];
    const wabaId = typeof entry.id === 'number' && Number.isSafeInteger(entry.id) ? String(entry.id) : text(entry.id);
    const at = timeOf(entry.time);
    if (!wabaId || at === undefined) return [];
    return entry.changes.flatMap((change) => eventOf(wabaId, entry.time, at, change) ?? []);
  });
}
