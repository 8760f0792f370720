import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { problemFrom } from '../senders/outcome.js';
import { deleteSender } from '../senders/watch/deletion.js';
import { readErrorLog } from '../senders/watch/error-log.js';
import { snoozeSender } from '../senders/watch/snooze.js';
import { takeAlert } from '../senders/watch/take-alert.js';
import { alertDetails } from '../views/alert-details.js';
import { takeAlertReply } from '../views/alert-replies.js';
import { takenAlertBlocks } from '../views/alerts.js';
import { describeProblem } from '../views/error-guide.js';
import { statusLine } from '../views/sender-summary.js';
import { slackTime } from '../views/time-text.js';
import { offlineReasonHints } from '../views/troubleshooting.js';
import { guardSender, unknownSender } from './guard.js';
import { replyTo } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Re-check now / Check status: fetch the sender, record what changed, answer with where it stands. Runs after its ack, queued, like Snooze and Delete. */
export async function onRecheck(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'read');
  if (!guarded.ok) return replyTo(args, guarded.message);
  try {
    const record = await deps.poller.checkNow(guarded.record.id);
    if (!record) return replyTo(args, unknownSender(deps.slashCommand));
    await showSenderMessage(deps.senders, deps.outbox, record);
    await replyTo(args, `*${record.phoneNumber}* checked just now.\n${statusLine(record)}`);
  } catch (error) {
    await replyTo(args, describeProblem(problemFrom(error), deps.slashCommand));
  }
}

/** The value of the clicked control: a button's own, or the option chosen in a menu (an alert's Snooze menu). */
export const chosenValue = (action: unknown): string => {
  const { value, selected_option } = action as { value?: string; selected_option?: { value?: string } };
  return selected_option?.value ?? value ?? '';
};

/** Snooze: from the alert's menu, or a Snooze button of an alert posted before the menu. */
export async function onSnooze(deps: AppDeps, args: Args): Promise<void> {
  const [id, minutesText] = chosenValue(args.action).split('|');
  const minutes = Number(minutesText);
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, id ?? '', 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const snoozed = await snoozeSender(deps.senders, guarded.record, minutes, args.body.user.id);
  if (!snoozed.ok) return replyTo(args, snoozed.problem.message);
  await replyTo(
    args,
    `:zzz: Alerts for *${guarded.record.phoneNumber}* are snoozed until ${slackTime(snoozed.until, deps.senders.clock.now())}. The bot keeps checking it and still says when it comes online.`,
  );
}

/** I’m on it: the clicker takes the alert; its reminders go to them from now on. */
export async function onTakeAlert(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const message = args.body.message as { ts?: string; text?: string; blocks?: KnownBlock[] } | undefined;
  const user = args.body.user.id;
  const now = deps.senders.clock.now();
  const blocks = message?.blocks && takenAlertBlocks(message.blocks, user, now, now);
  const taken = await takeAlert(deps.senders, guarded.record, user, { ts: message?.ts, text: message?.text, blocks });
  deps.outbox.kick();
  await replyTo(args, takeAlertReply(guarded.record, taken));
}

/** Details: the rest of the alert (Twilio's reasons, the error-log lines, the checklist), for the person who asked. */
export async function onAlertDetails(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'read');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const record = guarded.record;
  const ctx = deps.senders;
  const now = ctx.clock.now();
  const incident = record.watch?.stuckAlert;
  const from = incident?.kind === 'drop' && incident.lastSeenOnline ? Date.parse(incident.lastSeenOnline) : undefined;
  const errorLog = await readErrorLog(ctx, record, now, from);
  const subaccount = record.accountSid === ctx.twilio.mainAccountSid ? undefined : record.accountSid;
  const details = alertDetails(record, { reasons: offlineReasonHints(record, deps.slashCommand), errorLog, subaccount }, now);
  const scrubbed = ctx.secrets.scrubPost(details);
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...scrubbed }).catch(() => undefined);
}

/** The Console button opens a URL in the browser; Slack still sends the click, which needs an ack. */
export async function onOpenConsole(_deps: AppDeps, args: Args): Promise<void> {
  await args.ack();
}

/** The Delete button of `/senders delete`: deletes in Twilio; pressing it twice is harmless. */
export async function onDelete(deps: AppDeps, args: Args): Promise<void> {
  const refusal = await deps.access.refusal(args.body.user.id, 'change');
  if (refusal) return replyTo(args, refusal);
  const [accountSid = '', sid = ''] = (args.action.value ?? '').split('|');
  const result = await deleteSender(deps.senders, accountSid, sid, args.body.user.id, await scopeOf(deps.senders.store, args.body.channel?.id));
  await replyTo(args, result.ok ? `:wastebasket: ${result.note}` : describeProblem(result.problem, deps.slashCommand));
}
