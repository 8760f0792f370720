import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { parseRegistrationMetadata, readRegistrationValues } from '../views/registration-modal.js';
import type { StateValues } from '../views/state-values.js';
import { pathHint } from './path-hint.js';
import { registrationView } from './registration-view.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Enter in the phone field (or a new customer): show which verification path the number takes. */
export async function onDetectPath(deps: AppDeps, { ack, body, client }: Args): Promise<void> {
  await ack();
  const view = body.view;
  if (!view || (await deps.access.refusal(body.user.id, 'change'))) return;
  const values = readRegistrationValues(view.state.values as StateValues);
  const metadata = parseRegistrationMetadata(view.private_metadata);
  const scope = await scopeOf(deps.senders.store, metadata.channel);
  const hint = await pathHint(deps, scope, values, metadata.channel);
  try {
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: await registrationView(deps, scope, { metadata, values, ...hint }),
    });
  } catch (error) {
    // hash_conflict: the person changed the modal meanwhile; their newer view wins.
    deps.logger.info('path hint not shown', { error: (error as Error).message });
  }
}
