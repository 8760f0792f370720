import type { ModalView } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import { type ChannelScope, customersIn } from '../senders/customers/channel-scope.js';
import { wabaForCreate, wabaKnowledge } from '../senders/customers/waba.js';
import { MAIN_ACCOUNT } from '../senders/registration/form.js';
import { type RegistrationModalInput, registrationModal } from '../views/registration-modal.js';
import { wabaInfoFor } from '../views/waba-info.js';

/** The registration modal as a channel may see it: a bound channel offers its customer only. */
export async function registrationView(
  deps: AppDeps,
  scope: ChannelScope,
  form: Omit<RegistrationModalInput, 'customers' | 'onlyCustomers' | 'mainAccountSid' | 'waba'>,
): Promise<ModalView> {
  const customers = await customersIn(scope, deps.senders.store);
  const { mainAccountSid } = deps.senders.twilio;
  const picked = form.values?.customer;
  const customer = scope.customer ?? (picked && picked !== MAIN_ACCOUNT ? customers.find((c) => c.id === picked) : undefined);
  // Nothing picked yet among customers: no account, so no WABA to describe.
  const unpicked = !customer && !picked && customers.length > 0;
  const accountSid = customer?.accountSid ?? mainAccountSid;
  const plan = unpicked
    ? undefined
    : wabaForCreate(await wabaKnowledge(deps.senders.store, accountSid, customer?.wabaId), accountSid, customer, deps.slashCommand);
  return registrationModal({
    customers,
    onlyCustomers: Boolean(scope.customer),
    mainAccountSid,
    waba: plan && wabaInfoFor(plan, customer?.name ?? 'the main account'),
    ...form,
  });
}
