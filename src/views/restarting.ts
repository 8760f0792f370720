import { noticeModal } from './notice-modal.js';

export const RESTARTING = ':arrows_counterclockwise: The bot is restarting and took nothing from this request. Try again in a minute.';

interface SlackBody {
  type?: string;
  command?: string;
  view?: { blocks?: { type?: string; block_id?: string }[] };
}

/**
 * An answer in the ack, where the person looks: a command gets the text, a form keeps its values
 * with the text under its first field (or becomes a notice titled `title` when it has none), a
 * lookup gets no options; a click has no place for it in the ack (undefined).
 */
export function answerInAck(body: SlackBody, title: string, text: string): Record<string, unknown> | undefined {
  if (body.command) return { response_type: 'ephemeral', text };
  if (body.type === 'view_submission') {
    const input = body.view?.blocks?.find((b) => b.type === 'input' && b.block_id);
    return input ? { response_action: 'errors', errors: { [input.block_id!]: text } } : { response_action: 'update', view: noticeModal(title, text) };
  }
  if (body.type === 'block_suggestion') return { options: [] };
  return undefined;
}

/** What a stopping bot answers where Slack waits for an answer (see answerInAck). */
export const restartingAnswer = (body: SlackBody): Record<string, unknown> | undefined => answerInAck(body, 'Bot restarting', RESTARTING);
