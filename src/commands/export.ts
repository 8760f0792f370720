import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { exportCsv, selectForExport } from '../senders/export/sender-export.js';
import { slackErrorOf, uploadAndShare } from '../slack/upload.js';
import { exportComment, exportEmpty, exportNotShared, exportOutOfScope, exportPreparing, exportUnknownCustomer } from '../views/export-notes.js';

/** Time for Slack to take a large CSV (300,000 senders are about 50 MB). */
const UPLOAD_TIMEOUT_MS = 120_000;

const fileSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'customer';

/**
 * `/senders export [customer]`: a CSV of every sender the channel may see (or one customer's),
 * shared in the conversation where the command was typed.
 */
export async function exportSenders(
  deps: AppDeps,
  args: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  customerKey: string | undefined,
  scope: ChannelScope,
): Promise<void> {
  const { command, respond, client } = args;
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  const ctx = deps.senders;
  const selection = await selectForExport(ctx, scope, customerKey);
  if (!selection.ok) {
    await reply(
      selection.reason === 'unknown_customer'
        ? exportUnknownCustomer(deps.slashCommand, selection.key)
        : exportOutOfScope(deps.slashCommand, selection.boundTo),
    );
    return;
  }
  const { records, customerName } = selection;
  if (records.length === 0) {
    await reply(exportEmpty(deps.slashCommand, customerName));
    return;
  }
  await reply(exportPreparing(records.length, customerName));
  const now = ctx.clock.now();
  const bytes = Buffer.from(await exportCsv(ctx, records), 'utf8');
  const date = new Date(now).toISOString().slice(0, 10);
  try {
    await uploadAndShare(client, {
      filename: `senders-${customerName ? fileSlug(customerName) : 'all'}-${date}.csv`,
      title: `WhatsApp senders${customerName ? ` of ${customerName}` : ''}, ${date}`,
      bytes,
      channel: command.channel_id,
      comment: exportComment(command.user_id, records.length, customerName, now),
      timeoutMs: UPLOAD_TIMEOUT_MS,
    });
  } catch (error) {
    const detail = ctx.secrets.scrub((error as Error).message);
    deps.logger.warn('could not share a senders export', { channel: command.channel_id, error: detail });
    await reply(exportNotShared(deps.slashCommand, slackErrorOf(error), detail));
  }
}
