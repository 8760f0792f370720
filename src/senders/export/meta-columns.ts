import type { SenderRecord } from '../../store/schema.js';

/** Meta's view of a number in the export, in Meta's own values like the `status` column keeps Twilio's. */
export const META_COLUMNS = ['meta_status', 'meta_name_status', 'meta_name_reason', 'meta_quality', 'meta_limit', 'meta_can_send', 'meta_errors'] as const;

/** The cells of META_COLUMNS; all empty when the bot cannot ask Meta. */
export function metaCells(record: SenderRecord): string[] {
  const meta = record.meta;
  if (!meta) return META_COLUMNS.map(() => '');
  const decision = meta.nameDecision;
  const declined = decision?.decision === 'DECLINED' || decision?.decision === 'REJECTED';
  return [
    meta.status ?? '',
    meta.nameStatus ?? '',
    declined ? (decision?.reason ?? '') : '',
    meta.quality ?? '',
    meta.limit ?? '',
    meta.health?.canSend ?? '',
    (meta.health?.errors ?? []).map((e) => `${e.entity} ${e.code ?? ''}${e.code ? ' ' : ''}${e.description}`.trim()).join('; '),
  ];
}
