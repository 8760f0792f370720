import { createHash } from 'node:crypto';
import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { fieldName } from '../senders/profile/change-note.js';
import { EDITABLE_FIELDS, type EditableField, type FieldValue, type ProfileUpdateResult } from '../senders/profile/update-profile.js';
import { LIMITS } from '../senders/registration/form.js';
import { VERTICALS } from '../senders/registration/verticals.js';
import type { SenderRecord } from '../store/schema.js';
import { clip, context, divider, header, plain, section } from './blocks.js';
import { describeProblem } from './error-guide.js';
import { CALLBACK } from './ids.js';
import { senderTitle } from './sender-summary.js';
import { inputValue, type StateValues } from './state-values.js';

export interface ProfileFormMetadata {
  recordId?: string;
  channel?: string;
  /** A short fingerprint of each field as the form was filled: a field typed differently is one the person changed. */
  was?: Partial<Record<EditableField, string>>;
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });
const METHOD_OPTIONS = [option('POST', 'POST'), option('PUT', 'PUT')];
const VERTICAL_OPTIONS = VERTICALS.map((v) => option(v, v));

/** A field's value as the form shows it: lists as `a, Label: b`. */
export const shownValue = (value: FieldValue | undefined): string => (Array.isArray(value) ? value.join(', ') : (value ?? ''));

const fingerprint = (text: string): string => createHash('sha256').update(text.trim()).digest('base64url').slice(0, 10);

const HINTS: Partial<Record<EditableField, string>> = {
  'profile.emails': 'Up to 2, separated by commas; a label may go first: Support: help@example.com',
  'profile.websites': 'Up to 2, separated by commas; a label may go first: Shop: https://shop.example.com',
  'profile.logo_url': 'https only; a square PNG or JPEG of at least 192 × 192, at most 5 MB. The bot fetches it to check before sending.',
  'webhook.callback_url': 'Where Twilio sends incoming messages.',
  'webhook.fallback_url': 'Used when the callback URL fails.',
  'webhook.status_callback_url': 'Where Twilio sends delivery statuses.',
};

const MAX_LENGTH: Partial<Record<EditableField, number>> = {
  'profile.about': LIMITS.about,
  'profile.description': LIMITS.description,
  'profile.address': LIMITS.address,
  'profile.emails': 600,
  'profile.websites': 600,
};

const isSelect = (field: EditableField): boolean => field.endsWith('_method') || field === 'profile.vertical';
const optionsOf = (field: EditableField): PlainTextOption[] => (field === 'profile.vertical' ? VERTICAL_OPTIONS : METHOD_OPTIONS);

/**
 * What the field shows, exactly: a select shows nothing for a value it does not offer, a text
 * field at most its length. Its fingerprint is of this, so a field left alone never counts as changed.
 */
function displayed(field: EditableField, value: string): string {
  if (isSelect(field)) return optionsOf(field).some((o) => o.value === value) ? value : '';
  return clip(value, MAX_LENGTH[field] ?? 2000);
}

function element(field: EditableField, value: string): InputBlock['element'] {
  if (isSelect(field)) {
    const options = optionsOf(field);
    const initial = options.find((o) => o.value === value);
    return { type: 'static_select', action_id: 'value', options, ...(initial ? { initial_option: initial } : {}) };
  }
  return {
    type: 'plain_text_input',
    action_id: 'value',
    max_length: MAX_LENGTH[field] ?? 2000,
    multiline: field === 'profile.description',
    ...(value ? { initial_value: value } : {}),
  };
}

const fieldInput = (field: EditableField, value: string): InputBlock => ({
  type: 'input',
  block_id: field,
  label: plain(fieldName(field)),
  optional: true,
  element: element(field, value),
  ...(HINTS[field] ? { hint: plain(HINTS[field]!) } : {}),
});

/** Opened at once, while Twilio is asked for the sender's current values. */
export function profileLoadingModal(record: SenderRecord): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.registering,
    title: plain('Edit profile', 24),
    close: plain('Cancel', 24),
    blocks: [section(`*${senderTitle(record)}*\n:hourglass_flowing_sand: Reading the sender's current profile and webhooks from Twilio…`)],
  };
}

/** The profile and webhooks form, filled from Twilio's current values. */
export function profileModal(record: SenderRecord, channel: string | undefined, values: Record<EditableField, FieldValue | undefined>): ModalView {
  const shown = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, displayed(field, shownValue(values[field]))])) as Record<EditableField, string>;
  const was = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, fingerprint(shown[field])]));
  const profileFields = EDITABLE_FIELDS.filter((f) => f.startsWith('profile.'));
  const webhookFields = EDITABLE_FIELDS.filter((f) => f.startsWith('webhook.'));
  return {
    type: 'modal',
    callback_id: CALLBACK.editProfile,
    title: plain('Edit profile', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ recordId: record.id, channel, was } satisfies ProfileFormMetadata),
    blocks: [
      section(`*${senderTitle(record)}*`),
      context(
        `Filled from Twilio's current values. Only the fields you change are sent; an emptied field is cleared. The display name changes with *Change display name*.`,
      ),
      header('Profile'),
      ...profileFields.map((field) => fieldInput(field, shown[field])),
      divider(),
      header('Webhooks'),
      ...webhookFields.map((field) => fieldInput(field, shown[field])),
    ],
  };
}

export function parseProfileMetadata(raw: string): ProfileFormMetadata {
  try {
    return JSON.parse(raw) as ProfileFormMetadata;
  } catch {
    return {};
  }
}

/** The fields the person changed in the form, as typed (an emptied field as ''). */
export function changedInForm(values: StateValues, was: ProfileFormMetadata['was'] = {}): Partial<Record<EditableField, string>> {
  const typed: Partial<Record<EditableField, string>> = {};
  for (const field of EDITABLE_FIELDS) {
    const value = inputValue(values, field) ?? '';
    if (fingerprint(value) !== was[field]) typed[field] = value;
  }
  return typed;
}

export const NOTHING_TO_CHANGE = 'Nothing to change: every field is as Twilio has it, so nothing was sent.';

/** The answer in the form once Twilio was asked. */
export function profileUpdateReply(result: ProfileUpdateResult, command: string): string {
  if (!result.ok) return describeProblem(result.problem, command);
  if (!result.changes.length) return NOTHING_TO_CHANGE;
  const fields = result.changes.map((change) => fieldName(change.field)).join(', ');
  return `:white_check_mark: Twilio took the change for *${senderTitle(result.record)}*: ${fields}. The sender's thread notes who changed what.`;
}
