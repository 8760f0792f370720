import type { ModalView } from '@slack/types';
import type { NameChangeResult } from '../senders/display-name/change-name.js';
import { GUIDELINES_URL } from '../senders/registration/display-name.js';
import type { SenderRecord } from '../store/schema.js';
import type { DisplayNameUpdateStatus } from '../twilio/wire.js';
import { clip, context, escapeText, plain, section } from './blocks.js';
import { describeProblem } from './error-guide.js';
import { CALLBACK } from './ids.js';
import { senderTitle } from './sender-summary.js';
import { slackTime } from './time-text.js';

/** What Twilio’s display_name_status in the answer to a name change means. */
export const DISPLAY_NAME_ANSWERS: Record<DisplayNameUpdateStatus, string> = {
  updating:
    'Twilio took the new name and sent it to Meta for review. The sender keeps its current name until Meta approves; the verdict is posted in its thread.',
  no_change: 'The sender already has this name: nothing was sent to Meta.',
  pending_review: 'Meta is already reviewing this same name; that review goes on. The verdict is posted in the thread.',
  error: 'Twilio could not process the name (the other fields were applied). The bot keeps watching the sender’s name status and posts what Meta says.',
};

export const NAME_FIELD = 'name';

export function nameChangeModal(
  record: SenderRecord,
  channel: string | undefined,
  options: { notice?: string; typed?: string; warnedFor?: string } = {},
): ModalView {
  const { notice, typed, warnedFor } = options;
  return {
    type: 'modal',
    callback_id: CALLBACK.changeName,
    title: plain('Change display name', 24),
    submit: plain('Change', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ recordId: record.id, channel, warnedFor }),
    blocks: [
      ...(notice ? [section(clip(notice, 3000))] : []),
      section(`*${senderTitle(record)}*\nNow: *${escapeText(record.profile.name)}*`),
      {
        type: 'input',
        block_id: NAME_FIELD,
        label: plain('New display name'),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 255, initial_value: typed ?? record.profile.name },
        hint: plain('Checked against Meta’s guidelines as at registration. Meta reviews the new name; the sender keeps its name until then.'),
      },
      context(`<${GUIDELINES_URL}|Meta’s display name guidelines>`),
    ],
  };
}

export const parseNameChangeMetadata = (metadata: string): { recordId?: string; channel?: string; warnedFor?: string } => {
  try {
    return JSON.parse(metadata) as { recordId?: string; channel?: string; warnedFor?: string };
  } catch {
    return {};
  }
};

/** The warnings on a name, shown once in the form: submitting the same name again goes on. */
export const nameWarningsText = (warnings: string[]) => `${warnings.join(' ')} Press Change again to keep this name.`;

/** A name change asked while Meta reviews another one (Twilio error 63128). */
export function inReviewText(record: SenderRecord, now: number): string {
  const change = record.nameChange;
  const since = change?.status === 'PENDING_REVIEW' && change.statusDate ? ` since ${slackTime(Date.parse(change.statusDate), now)}` : '';
  const which = change ? ` (*${escapeText(change.name)}*${since})` : '';
  return `Meta is still reviewing the previous display-name change of ${record.phoneNumber}${which}. Twilio takes a new name only once that review is decided: try again after the verdict is posted in the sender’s thread (Meta usually decides within a few days).`;
}

/** The answer to the person who asked for the change. */
export function nameChangeReply(result: NameChangeResult, now: number, command: string): string {
  if (!result.ok) {
    if (result.problem.twilioCode === 63128 && result.record) return `:hourglass: ${inReviewText(result.record, now)}`;
    if (result.nameErrors) return `:x: The name cannot be used: ${result.nameErrors.join(' ')}`;
    return describeProblem(result.problem, command);
  }
  const meaning = result.answer ? DISPLAY_NAME_ANSWERS[result.answer] : 'Twilio took the request; the bot follows what Meta says of the name.';
  const warnings = result.warnings.length ? `\n:warning: ${result.warnings.join(' ')}` : '';
  return `${result.answer === 'error' ? ':warning:' : ':white_check_mark:'} New display name for *${senderTitle(result.record)}*: *${escapeText(result.name)}*. ${meaning}${warnings}`;
}
