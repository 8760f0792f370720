import type { EditableField, FieldValue, ProfileChange } from './update-profile.js';

const FIELD_NAMES: Record<EditableField, string> = {
  'profile.about': 'About',
  'profile.description': 'Description',
  'profile.address': 'Address',
  'profile.emails': 'Emails',
  'profile.websites': 'Websites',
  'profile.vertical': 'Vertical',
  'profile.logo_url': 'Logo URL',
  'webhook.callback_url': 'Callback URL',
  'webhook.callback_method': 'Callback method',
  'webhook.fallback_url': 'Fallback URL',
  'webhook.fallback_method': 'Fallback method',
  'webhook.status_callback_url': 'Status callback URL',
  'webhook.status_callback_method': 'Status callback method',
};

export const fieldName = (field: EditableField): string => FIELD_NAMES[field];

/** A URL as it may be shown: credentials in it (user:password@, query values) are masked. */
export function shownUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.username || url.password) {
    url.username = url.username ? '•••' : '';
    url.password = url.password ? '•••' : '';
  }
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '•••');
  return url.toString().replace(/%E2%80%A2/g, '•');
}

function shown(field: EditableField, value: FieldValue | undefined): string {
  if (value === undefined) return '_(empty)_';
  const text = Array.isArray(value) ? value.join(', ') : value;
  return `\`${(field.endsWith('_url') ? shownUrl(text) : text).replace(/`/g, "'")}\``;
}

/** The thread's record of an edit: who changed what, before → after (URLs shown, secrets in them masked). */
export function changeNote(changes: readonly ProfileChange[], by: string): string {
  const lines = changes.map(({ field, before, after }) => `• ${fieldName(field)}: ${shown(field, before)} → ${shown(field, after)}`);
  return `<@${by}> changed the sender's profile in Twilio:\n${lines.join('\n')}`;
}
