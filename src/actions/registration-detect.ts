import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { customersIn, scopeOf } from '../senders/customers/channel-scope.js';
import { normalizePhone } from '../senders/numbers/phone.js';
import { problemFrom } from '../senders/outcome.js';
import { detectPath } from '../senders/registration/registration.js';
import { describeProblem } from '../views/error-guide.js';
import { parseRegistrationMetadata, readRegistrationValues } from '../views/registration-modal.js';
import type { StateValues } from '../views/state-values.js';
import { registrationView } from './registration-view.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Enter in the phone field (or a new customer): show which verification path the number takes. */
export async function onDetectPath(deps: AppDeps, { ack, body, client }: Args): Promise<void> {
  await ack();
  const view = body.view;
  if (!view || (await deps.access.refusal(body.user.id, 'change'))) return;
  const values = readRegistrationValues(view.state.values as StateValues);
  const { store, twilio } = deps.senders;
  const metadata = parseRegistrationMetadata(view.private_metadata);
  const scope = scopeOf(store, metadata.channel);
  const customers = customersIn(scope, store);
  const phone = normalizePhone(values.phone ?? '', { landline: values.landline });
  let pathInfo: string;
  if (!values.phone) pathInfo = 'Enter the phone number, then press Enter to see its verification path.';
  else if (!phone.ok) pathInfo = `:warning: ${phone.error}`;
  else {
    const account = customers.find((c) => c.id === values.customer)?.accountSid ?? scope.customer?.accountSid ?? twilio.mainAccountSid;
    try {
      const { choice } = await detectPath(deps.senders, account, phone.e164, values.method === 'voice' || values.landline ? 'voice' : 'sms');
      const changes = phone.changes.length ? ` (${phone.changes.join('; ')})` : '';
      pathInfo = `*Verification path for ${phone.e164}${changes}:* ${choice.explanation}`;
    } catch (error) {
      pathInfo = `:warning: Could not ask Twilio about this number. ${describeProblem(problemFrom(error))}`;
    }
  }
  try {
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: registrationView(deps, scope, { metadata, values, pathInfo }),
    });
  } catch (error) {
    // hash_conflict: the person changed the modal meanwhile; their newer view wins.
    deps.logger.info('path hint not shown', { error: (error as Error).message });
  }
}
