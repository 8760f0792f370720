import type { SlackPost } from './alerts.js';
import { escapeText } from './blocks.js';

/** At start: the customers whose WABA the bot could not open to its Meta system user, each with Meta's reason, and what to do. */
export function metaAccessFailedNote(failed: readonly { customer: string; problem: string }[], command: string): SlackPost {
  const lines = failed.slice(0, 20).map((f) => `• *${escapeText(f.customer)}*: ${escapeText(f.problem)}`);
  if (failed.length > 20) lines.push(`…and ${failed.length - 20} more (the bot's log names them all)`);
  const text = `:warning: The bot cannot read Meta's own view of ${failed.length === 1 ? 'one customer' : `${failed.length} customers`} yet; Twilio's view still works for them.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${text}\n${lines.join('\n')}` } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Next step:* fix the cause named, then run \`${command} customer meta <customer>\` for each; the bot also tries again at its next start.`,
        },
      },
    ],
  };
}

/** Meta refuses the bot for one customer's WABA now (a revoked token, the WABA no longer shared): its view is stale until fixed. */
export function metaAccessLostNote(customerName: string, wabaId: string, problem: string, command: string): SlackPost {
  const text = `:warning: The bot can no longer read Meta's own view of ${customerName}'s WhatsApp account (${wabaId}); what it shows of Meta is from its last look.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${escapeText(text)}\n*Why:* ${escapeText(problem)}` } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Next step:* fix the cause named, then run \`${command} customer meta "${escapeText(customerName)}"\`. Twilio's view keeps working meanwhile.`,
        },
      },
    ],
  };
}
