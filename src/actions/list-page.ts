import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { listPage } from '../commands/list.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { listButtonValue } from '../views/list-message.js';
import { replyTo } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Previous / Next under `list`: the list message becomes the page asked for, with the same filters. */
export async function onListPage(deps: AppDeps, args: Args): Promise<void> {
  const refusal = await deps.access.refusal(args.body.user.id, 'read');
  if (refusal) return await replyTo(args, refusal);
  const { page, ...words } = listButtonValue(args.action.value ?? '');
  const answer = await listPage(deps, words, await scopeOf(deps.senders.store, args.body.channel?.id), page);
  if (typeof answer === 'string') return await replyTo(args, answer);
  await args.respond({ response_type: 'ephemeral', replace_original: true, ...answer });
}
