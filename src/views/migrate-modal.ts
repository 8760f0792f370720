import type { ModalView, PlainTextOption } from '@slack/types';
import { MIGRATION_CHECKLIST, MIGRATION_GUIDE_URL } from '../senders/registration/migration.js';
import type { SenderRecord } from '../store/schema.js';
import { context, plain, section } from './blocks.js';
import { CALLBACK } from './ids.js';
import { elementOf, type StateValues } from './state-values.js';

const CHECKLIST_BLOCK = 'checklist';

const option = (item: (typeof MIGRATION_CHECKLIST)[number]): PlainTextOption => ({ text: plain(item.text, 75), value: item.id });

/** The Migrate checklist of a number already on WhatsApp (63110): every item confirmed, then the registration is sent again. */
export function migrateModal(record: SenderRecord, channel?: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.migrate,
    title: plain('Migrate the number', 24),
    submit: plain('Confirm and retry', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ recordId: record.id, channel }),
    blocks: [
      section(
        `*${record.phoneNumber}* is already registered with WhatsApp: on a phone's WhatsApp app, or as a sender at another provider (Twilio error 63110). Meta lets it move here only once the old registration lets go. Twilio's guide: <${MIGRATION_GUIDE_URL}|Migrate phone numbers and WhatsApp senders>.`,
      ),
      {
        type: 'input',
        block_id: CHECKLIST_BLOCK,
        label: plain('Confirm each item (all are needed)'),
        element: { type: 'checkboxes', action_id: 'value', options: MIGRATION_CHECKLIST.map(option) },
      },
      context('Your confirmation is kept in the audit log with the time. The registration is then sent again with the same values at the account’s next turn.'),
    ],
  };
}

/** The checklist items ticked in the submitted modal. */
export const readMigrationChecks = (values: StateValues): string[] =>
  (elementOf(values, CHECKLIST_BLOCK)?.selected_options ?? []).map((o) => o.value).filter((v): v is string => typeof v === 'string');

export const MIGRATION_CHECKLIST_BLOCK = CHECKLIST_BLOCK;
