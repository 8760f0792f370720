import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { SenderWire, UpdateSenderBody } from '../../twilio/wire.js';
import { exclusive, loadRegistration } from '../codes/code-action.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { notSaved, type Problem, problemFrom } from '../outcome.js';
import { nextCreateAt, takeCreateTurn } from '../registration/pacing.js';
import { changeNote } from './change-note.js';
import { emailsOnTheWire, entryText, labelledEntry, websitesOnTheWire } from './labels.js';
import { type LogoVerdict, logoCheckOf } from './logo-check.js';

export const PROFILE_FIELDS = ['about', 'description', 'address', 'emails', 'websites', 'vertical', 'logo_url'] as const;
export const WEBHOOK_FIELDS = ['callback_url', 'callback_method', 'fallback_url', 'fallback_method', 'status_callback_url', 'status_callback_method'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type WebhookField = (typeof WEBHOOK_FIELDS)[number];
/** A field that can change after registration; `profile.name` is not one (names go through the display-name change). */
export type EditableField = `profile.${ProfileField}` | `webhook.${WebhookField}`;
export const EDITABLE_FIELDS: readonly EditableField[] = [
  ...PROFILE_FIELDS.map((f) => `profile.${f}` as const),
  ...WEBHOOK_FIELDS.map((f) => `webhook.${f}` as const),
];

/** A value as people read and type it: text, or for emails and websites their entries (`Label: value`). */
export type FieldValue = string | string[];
/** What someone wants: a field present changes to its value, `null` (or empty) clears it, a field absent keeps its value. */
export type WantedValues = Partial<Record<EditableField, FieldValue | null>>;

/** One field's change; `before` or `after` unset when the field was empty or is cleared. */
export interface ProfileChange {
  field: EditableField;
  before?: FieldValue;
  after?: FieldValue;
}

const isList = (field: EditableField): boolean => field === 'profile.emails' || field === 'profile.websites';

/** A value in one form for comparing: trimmed, empty as unset, list entries as `Label: value`. */
function normal(field: EditableField, value: FieldValue | null | undefined): FieldValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (isList(field)) {
    const entries = (Array.isArray(value) ? value : value.split(','))
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => entryText(labelledEntry(entry)));
    return entries.length ? entries : undefined;
  }
  const text = (Array.isArray(value) ? value.join(', ') : value).trim();
  return text || undefined;
}

/** The editable fields as Twilio holds them now, in the form people read and type them. */
export function currentValues(current: SenderWire): Record<EditableField, FieldValue | undefined> {
  const p = current.profile ?? {};
  const w = current.webhook ?? {};
  const values = {} as Record<EditableField, FieldValue | undefined>;
  for (const field of PROFILE_FIELDS) {
    if (field === 'emails')
      values['profile.emails'] = normal(
        'profile.emails',
        (p.emails ?? []).map((e) => entryText({ value: e.email, label: e.label })),
      );
    else if (field === 'websites')
      values['profile.websites'] = normal(
        'profile.websites',
        (p.websites ?? []).map((e) => entryText({ value: e.website, label: e.label })),
      );
    else values[`profile.${field}`] = normal(`profile.${field}`, p[field]);
  }
  for (const field of WEBHOOK_FIELDS) values[`webhook.${field}`] = normal(`webhook.${field}`, w[field]);
  return values;
}

const same = (a: FieldValue | undefined, b: FieldValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields that differ from Twilio's current values; `profile.name` is never one. */
export function profileChanges(current: SenderWire, wanted: WantedValues): ProfileChange[] {
  const now = currentValues(current);
  const changes: ProfileChange[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (!(field in wanted)) continue;
    const before = now[field];
    const after = normal(field, wanted[field]);
    if (same(before, after)) continue;
    changes.push({ field, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return changes;
}

/** The update request: the changed fields only, a cleared one as null. */
export function updateBodyFor(changes: readonly ProfileChange[]): UpdateSenderBody {
  const profile: Record<string, unknown> = {};
  const webhook: Record<string, unknown> = {};
  for (const { field, after } of changes) {
    const [part, name] = field.split('.') as ['profile' | 'webhook', string];
    const list = Array.isArray(after) ? after : undefined;
    const value =
      after === undefined ? null : field === 'profile.emails' ? emailsOnTheWire(list!) : field === 'profile.websites' ? websitesOnTheWire(list!) : after;
    (part === 'profile' ? profile : webhook)[name] = value;
  }
  return {
    ...(Object.keys(profile).length ? { profile: profile as UpdateSenderBody['profile'] } : {}),
    ...(Object.keys(webhook).length ? { webhook: webhook as UpdateSenderBody['webhook'] } : {}),
  };
}

/** The changes kept on the record too, so what the bot shows and exports matches Twilio. */
function keepOnRecord(record: SenderRecord, changes: readonly ProfileChange[]): void {
  for (const { field, after } of changes) {
    const [part, name] = field.split('.') as ['profile' | 'webhook', string];
    const target = (part === 'profile' ? record.profile : record.webhook) as Record<string, unknown>;
    if (after === undefined) delete target[name];
    else target[name] = after;
  }
}

export type ProfileUpdateResult = { ok: true; record: SenderRecord; changes: ProfileChange[] } | { ok: false; problem: Problem; record?: SenderRecord };

export interface ProfileUpdateOptions {
  /** The logo check (tests swap it for one that needs no network). */
  checkLogo?: (url: string) => Promise<LogoVerdict>;
}

/** Whether a sender's profile can be changed at all: it must exist in Twilio. */
export function profileUpdateRefusal(record: SenderRecord): string | undefined {
  if (!record.sid || record.status === 'DELETED')
    return `${record.phoneNumber} has no sender in Twilio (${record.status ?? record.state}): there is no profile to change. Register it first.`;
  if (record.state === 'abandoned') return `The registration of ${record.phoneNumber} was abandoned: there is no profile to change.`;
  return undefined;
}

/** Whether Twilio holds every changed field as asked, read anew; false when it cannot be read either. */
async function appliedAfterAll(ctx: SendersContext, record: SenderRecord, changes: readonly ProfileChange[]): Promise<boolean> {
  try {
    const current = await ctx.twilio.fetchSender(record.accountSid, record.sid!);
    const wanted = Object.fromEntries(changes.map((change) => [change.field, change.after ?? null])) as WantedValues;
    return profileChanges(current, wanted).length === 0;
  } catch {
    return false;
  }
}

/**
 * Sends the changed fields (only those) to Twilio for one sender, paced per account like every
 * Senders API request, then keeps them on the record, notes in the sender's thread who changed
 * what (before → after) and audits it. No changes: nothing is sent, and the result has none.
 */
export function updateProfile(
  ctx: SendersContext,
  record: SenderRecord,
  changes: readonly ProfileChange[],
  by: string,
  options: ProfileUpdateOptions = {},
): Promise<ProfileUpdateResult> {
  const work = async (): Promise<ProfileUpdateResult> => {
    const stored = await loadRegistration(ctx, record.id);
    if (!('id' in stored)) return { ok: false, problem: stored };
    const refusal = profileUpdateRefusal(stored);
    if (refusal) return { ok: false, problem: { message: refusal }, record: stored };
    if (!changes.length) return { ok: true, record: stored, changes: [] };
    const logo = changes.find((change) => change.field === 'profile.logo_url' && typeof change.after === 'string');
    if (logo) {
      const verdict = await (options.checkLogo ?? logoCheckOf(ctx))(logo.after as string);
      if (!verdict.ok) return { ok: false, problem: { message: verdict.message }, record: stored };
    }
    const now = ctx.clock.now();
    let turn: boolean;
    try {
      turn = await commit(ctx, async () => ({ also: (tx) => takeCreateTurn(ctx, stored.accountSid, now, tx) }), { attempts: 1 });
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return { ok: false, problem: notSaved(error, 'action'), record: stored };
    }
    if (!turn) {
      const at = await nextCreateAt(ctx, stored.accountSid, now);
      return {
        ok: false,
        problem: {
          message: 'Twilio asks for several minutes between sender requests in one account, and this account just had one.',
          reason: { kind: 'update_wait', at, now },
        },
        record: stored,
      };
    }
    try {
      await ctx.twilio.updateSender(stored.accountSid, stored.sid!, updateBodyFor(changes));
    } catch (error) {
      if (!(error instanceof TwilioApiError && error.uncertain)) return { ok: false, problem: problemFrom(error), record: stored };
      // The answer was lost: Twilio may have applied the change. What it holds now says which.
      if (!(await appliedAfterAll(ctx, stored, changes)))
        return {
          ok: false,
          problem: {
            message: `Twilio gave no certain answer (${problemFrom(error).message}), and the sender does not show the change yet: it may still be applied. Open the profile again in a few minutes to see what Twilio holds before changing it again.`,
          },
          record: stored,
        };
    }
    const at = iso(ctx.clock.now());
    try {
      const saved = await commit(
        ctx,
        senderChange(
          stored,
          (r) => keepOnRecord(r, changes),
          (r) => ({
            audit: [{ at, user: by, action: 'profile_update', target: r.phoneNumber, detail: changes.map((c) => c.field).join(', ') }],
            messages: [{ kind: 'post' as const, senderId: r.id, threadOf: 'registration' as const, text: ctx.secrets.scrub(changeNote(changes, by)) }],
          }),
        ),
      );
      return { ok: true, record: saved, changes: [...changes] };
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return {
        ok: false,
        problem: { message: `Twilio took the change, but the bot could not note it (${error.plainCause}); the sender's thread does not show it.` },
        record: stored,
      };
    }
  };
  return exclusive(ctx, record.id, work) as Promise<ProfileUpdateResult>;
}
