import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { DeadlineError, RequestDeadline } from '../store/deadline.js';
import { StorageError } from '../store/storage-error.js';
import { cannotSave } from '../views/cannot-save.js';
import { answerInAck } from '../views/restarting.js';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
export type ShortcutArgs = SlackShortcutMiddlewareArgs & AllMiddlewareArgs;

/** A listener, given the request's own deps: its store bounded by the request's deadline until the ack (see answerInTime). */
export type Listener<A> = (deps: AppDeps, args: A) => Promise<void>;

/** Where listeners are registered: every one of them answers in time (see answerInTime). */
export interface Listen {
  view(callbackId: RegExp, listener: Listener<ViewArgs>): void;
  action(actionId: RegExp, listener: Listener<ActionArgs>): void;
  options(constraints: { type: 'block_suggestion'; block_id: string; action_id: string }, listener: Listener<OptionsArgs>): void;
  command(name: string, listener: Listener<CommandArgs>): void;
  shortcut(callbackId: string, listener: Listener<ShortcutArgs>): void;
  event(name: 'app_home_opened', listener: Listener<HomeArgs>): void;
}

/** Slack drops an answer later than this after it sent the request. */
const SLACK_WAITS_MS = 3_000;

/** The listeners of `app`, each answering in time: see answerInTime. */
export function listenInTime(app: App, deps: AppDeps, ackDeadlineMs: number): Listen {
  const inTime =
    <A extends Answerable>(listener: Listener<A>) =>
    (args: A) =>
      answerInTime(deps, ackDeadlineMs, listener, args);
  return {
    view: (callbackId, listener) => app.view<ViewSubmitAction>(callbackId, inTime(listener)),
    action: (actionId, listener) => app.action<BlockAction>(actionId, inTime(listener)),
    options: (constraints, listener) => app.options<'block_suggestion'>(constraints, inTime(listener)),
    command: (name, listener) => app.command(name, inTime(listener)),
    shortcut: (callbackId, listener) => app.shortcut(callbackId, inTime(listener)),
    event: (name, listener) => app.event(name, inTime(listener)),
  };
}

interface Answerable {
  body: unknown;
  ack?: (response?: never) => Promise<void>;
  respond?: RespondFn;
}

/** The listener called ack after the person was already answered (see answerInTime); it stops there. */
export class AnsweredAlready extends Error {
  constructor() {
    super('this request was already answered');
    this.name = 'AnsweredAlready';
  }
}

/**
 * Runs a listener so that Slack gets its answer in time, whatever the store does:
 * - until its ack, the listener's store waits at most until `ackDeadlineMs` after the request
 *   came (Store.bounded); a unit not stored by then is taken back for good and throws;
 * - an error before the ack (a storage failure, a broken connection, anything) is answered
 *   where the person looks, with "The bot cannot save right now: <cause>" for storage;
 * - if the listener has neither answered nor failed shortly after the deadline, and nothing of
 *   the request is stored or being stored, the request is given up and answered so; from then
 *   on nothing of it is stored, and a late ack throws AnsweredAlready.
 */
export async function answerInTime<A extends Answerable>(deps: AppDeps, ackDeadlineMs: number, listener: Listener<A>, args: A): Promise<void> {
  const deadline = RequestDeadline.after(ackDeadlineMs);
  const ack = args.ack;
  // Events are acknowledged by Bolt before any listener runs: nothing to bound.
  if (!ack) deadline.answered();
  let answered = !ack;
  const answer = async (text: string) => {
    answered = true;
    deadline.answered();
    const inAck = answerInAck(args.body as Parameters<typeof answerInAck>[0], 'Not saved', text);
    await ack?.(inAck as never);
    if (!inAck && args.respond) await args.respond({ response_type: 'ephemeral', replace_original: false, text });
  };
  const wrappedAck = async (response?: never) => {
    if (answered) throw new AnsweredAlready();
    answered = true;
    deadline.answered();
    await ack!(response);
  };
  const request: AppDeps = { ...deps, ackDeadline: deadline, senders: { ...deps.senders, store: deps.senders.store.bounded(deadline) } };
  const lastMoment = ackDeadlineMs + Math.max(0, Math.min(300, SLACK_WAITS_MS - 200 - ackDeadlineMs));
  const safety = setTimeout(() => {
    if (answered || !deadline.giveUp()) return;
    deps.logger.warn('a request had no answer in time; it was given up, nothing of it stored', { waitedMs: lastMoment });
    const late = new DeadlineError('the request', 'the bot could not finish in time (storing or another service was too slow)');
    void answer(cannotSave(late, 'Nothing was saved')).catch((error: unknown) =>
      deps.logger.warn('could not answer in time', { error: (error as Error).message }),
    );
  }, lastMoment);
  try {
    await listener(request, ack ? { ...args, ack: wrappedAck } : args);
  } catch (error) {
    if (error instanceof AnsweredAlready) return;
    const message = deps.senders.secrets.scrub((error as Error).message ?? String(error));
    deps.logger.error('a listener failed', { error: message, answered });
    if (answered) return;
    const text =
      error instanceof StorageError
        ? cannotSave(error, deadline.giveUp() ? 'Nothing was saved' : 'Part of it may have been saved: look before trying again')
        : `Something went wrong: ${message}. Try again; if it repeats, tell the bot admins.`;
    await answer(text).catch((answerError: unknown) => deps.logger.warn('could not answer a failed request', { error: (answerError as Error).message }));
  } finally {
    clearTimeout(safety);
  }
}
