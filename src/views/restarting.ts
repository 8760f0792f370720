import { noticeModal } from './notice-modal.js';

export const RESTARTING = ':arrows_counterclockwise: The bot is restarting and took nothing from this request. Try again in a minute.';

interface SlackBody {
  type?: string;
  command?: string;
  view?: { blocks?: { type?: string; block_id?: string }[] };
}

/**
 * What a stopping bot answers where Slack waits for an answer: a command gets the text, a form
 * keeps its values with the text under its first field, a click or a lookup is only acknowledged.
 */
export function restartingAnswer(body: SlackBody): Record<string, unknown> | undefined {
  if (body.command) return { response_type: 'ephemeral', text: RESTARTING };
  if (body.type === 'view_submission') {
    const input = body.view?.blocks?.find((b) => b.type === 'input' && b.block_id);
    return input
      ? { response_action: 'errors', errors: { [input.block_id!]: RESTARTING } }
      : { response_action: 'update', view: noticeModal('Bot restarting', RESTARTING) };
  }
  if (body.type === 'block_suggestion') return { options: [] };
  return undefined;
}
