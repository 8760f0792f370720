import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { metaAlertWords } from '../jobs/meta-words.js';
import { OUT_OF_SCOPE, scopeOf } from '../senders/customers/channel-scope.js';
import { snoozeMetaIncident, takeMetaIncident } from '../senders/meta/meta-incident-actions.js';
import { incidentOf, isOpen } from '../senders/meta/meta-incidents.js';
import type { Customer, MetaIncident } from '../store/schema.js';
import { metaIncidentDetails } from '../views/meta-incident-details.js';
import { slackTime } from '../views/time-text.js';
import { replyTo } from './reply.js';
import { chosenValue } from './watch-buttons.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const RECENT_LOOK_MS = 60_000;

const GONE = 'Meta no longer reports this problem, or the customer is gone: the alert is out of date.';

type Guarded = { ok: true; customer: Customer; incident: MetaIncident; rest: string[] } | { ok: false; message: string };

/** Every control names `customerId|incidentId`: acted on only if the person may, and only for the channel's own customer when it is bound to one. */
async function guardIncident(deps: AppDeps, args: Args, need: 'read' | 'change'): Promise<Guarded> {
  const refusal = await deps.access.refusal(args.body.user.id, need);
  if (refusal) return { ok: false, message: refusal };
  const [customerId = '', id = '', ...rest] = chosenValue(args.action).split('|');
  const customer = await deps.senders.store.customers.get(customerId);
  const incident = customer && incidentOf(customer.meta?.incidents, id);
  if (!customer || !incident) return { ok: false, message: GONE };
  if (!(await scopeOf(deps.senders.store, args.body.channel?.id)).allows(customer.accountSid)) return { ok: false, message: OUT_OF_SCOPE };
  return { ok: true, customer, incident, rest };
}

/** I’m on it: the clicker takes Meta's incident; its reminders go to them from now on. */
export async function onMetaTake(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardIncident(deps, args, 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const user = args.body.user.id;
  const ctx = deps.senders;
  const senders = await ctx.store.senders.list({ accountSids: [guarded.customer.accountSid], inPlay: true });
  const taken = await takeMetaIncident(ctx, guarded.customer.id, guarded.incident.id, user, (incident, customer) => {
    const words = metaAlertWords(ctx, customer, incident, senders, ctx.clock.now());
    return { kind: 'meta_alert_update', customerId: customer.id, metaIncidentId: incident.id, channel: incident.channel, senderId: undefined, ...words };
  });
  deps.outbox.kick();
  if (!taken.ok) return replyTo(args, GONE);
  if (taken.alreadyTakenBy && taken.alreadyTakenBy !== user)
    return replyTo(args, `You took this alert over from <@${taken.alreadyTakenBy}>. Reminders now go to you.`);
  await replyTo(args, 'It’s yours: reminders of this problem now go to you, in the alert’s thread.');
}

/** Re-check now: Meta's view of the customer's WABA is read at once, and the answer says where it stands. */
export async function onMetaRecheck(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardIncident(deps, args, 'read');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const lookedAt = Date.parse(guarded.customer.meta?.checkedAt ?? '');
  // Clicks within a minute of a look share it: a busy channel does not spend Meta's rate limit.
  const recent = deps.senders.clock.now() - lookedAt < RECENT_LOOK_MS;
  const reached = recent || ((await deps.metaWatch?.refresh(guarded.customer)) ?? false);
  const after = await deps.senders.store.customers.get(guarded.customer.id);
  const incident = after && incidentOf(after.meta?.incidents, guarded.incident.id);
  if (!reached)
    return replyTo(
      args,
      `Meta could not be asked just now${after?.meta?.accessProblem ? `: ${after.meta.accessProblem}` : ''}. The bot tries again at its next look.`,
    );
  await replyTo(
    args,
    incident && isOpen(incident)
      ? `Checked with Meta just now: the problem is still there. ${incident.solution ? `Meta suggests: ${incident.solution}` : 'Follow the next step in the alert.'}`
      : 'Checked with Meta just now: Meta no longer reports this problem. The alert says it is resolved.',
  );
}

/** Snooze: reminders of Meta's incident wait; its end still edits the alert. */
export async function onMetaSnooze(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardIncident(deps, args, 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const minutes = Number(guarded.rest[0]);
  const snoozed = await snoozeMetaIncident(deps.senders, guarded.customer.id, guarded.incident.id, minutes, args.body.user.id);
  if (!snoozed.ok) return replyTo(args, snoozed.reason === 'bad_snooze' ? 'That snooze length is not one the bot offers; use the menu.' : GONE);
  const until = Date.parse(snoozed.incident.snoozedUntil ?? '');
  await replyTo(
    args,
    `:zzz: Reminders of this problem are snoozed until ${slackTime(until, deps.senders.clock.now())}. The bot keeps asking Meta and still says when it ends.`,
  );
}

/** Details: every error Meta gives, with its entity, code and possible solution, for the person who asked. */
export async function onMetaDetails(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guardIncident(deps, args, 'read');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const ctx = deps.senders;
  const customer = guarded.customer;
  const senders = await ctx.store.senders.list({ accountSids: [customer.accountSid], inPlay: true });
  const numbers = guarded.incident.numbers.map((e164) => {
    const sender = senders.find((s) => s.phoneNumber === e164);
    return { e164, twilioStatus: sender?.status, meta: sender?.meta };
  });
  const details = metaIncidentDetails(guarded.incident, {
    customerName: customer.name,
    wabaId: customer.wabaId ?? '',
    waba: customer.meta,
    numbers,
    now: ctx.clock.now(),
  });
  const scrubbed = ctx.secrets.scrubPost(details);
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...scrubbed }).catch(() => undefined);
}
