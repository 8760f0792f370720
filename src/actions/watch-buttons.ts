import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { iso } from '../clock.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { problemFrom } from '../senders/outcome.js';
import { deleteSender } from '../senders/watch/deletion.js';
import { watchOf } from '../senders/watch/schedule.js';
import { audit } from '../store/audit.js';
import { describeProblem } from '../views/error-guide.js';
import { statusLine } from '../views/sender-summary.js';
import { timeText } from '../views/time-text.js';
import { guardSender, unknownSender } from './guard.js';
import { showSenderMessage } from './slack-messages.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

async function reply(args: Args, text: string) {
  await args.respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
}

/** Re-check now / Check status: fetch the sender, record what changed, answer with where it stands. Runs after its ack, queued, like Snooze and Delete. */
export async function onRecheck(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'read');
  if (!guarded.ok) return reply(args, guarded.message);
  try {
    const record = await deps.poller.checkNow(guarded.record.id);
    if (!record) return reply(args, unknownSender(deps.slashCommand));
    await showSenderMessage(deps, record);
    await reply(args, `*${record.phoneNumber}* checked just now.\n${statusLine(record)}`);
  } catch (error) {
    await reply(args, describeProblem(problemFrom(error)));
  }
}

export async function onSnooze(deps: AppDeps, args: Args): Promise<void> {
  const [id, minutesText] = (args.action.value ?? '').split('|');
  const minutes = Number(minutesText);
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, id ?? '', 'change');
  if (!guarded.ok) return reply(args, guarded.message);
  const { record } = guarded;
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 7 * 24 * 60) return reply(args, 'That snooze length is not one the bot offers; use the buttons.');
  const now = deps.senders.clock.now();
  const until = iso(now + minutes * 60_000);
  watchOf(record, now).snoozedUntil = until;
  audit(deps.senders.store, { at: iso(now), user: args.body.user.id, action: 'snooze', target: record.phoneNumber, detail: `${minutes} min` });
  await deps.senders.store.write();
  await reply(
    args,
    `:zzz: Alerts for *${record.phoneNumber}* are snoozed until ${timeText(now + minutes * 60_000, now)}. The bot keeps checking it and still says when it comes online.`,
  );
}

/** The Console button opens a URL in the browser; Slack still sends the click, which needs an ack. */
export async function onOpenConsole(_deps: AppDeps, args: Args): Promise<void> {
  await args.ack();
}

/** The Delete button of `/senders delete`: deletes in Twilio; pressing it twice is harmless. */
export async function onDelete(deps: AppDeps, args: Args): Promise<void> {
  const refusal = await deps.access.refusal(args.body.user.id, 'change');
  if (refusal) return reply(args, refusal);
  const [accountSid = '', sid = ''] = (args.action.value ?? '').split('|');
  const result = await deleteSender(deps.senders, accountSid, sid, args.body.user.id, scopeOf(deps.senders.store, args.body.channel?.id));
  await reply(args, result.ok ? `:wastebasket: ${result.note}` : describeProblem(result.problem));
}
