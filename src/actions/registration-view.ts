import type { ModalView } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import { type ChannelScope, customersIn } from '../senders/customers/channel-scope.js';
import { type RegistrationModalInput, registrationModal } from '../views/registration-modal.js';

/** The registration modal as a channel may see it: a bound channel offers its customer only. */
export function registrationView(
  deps: AppDeps,
  scope: ChannelScope,
  form: Omit<RegistrationModalInput, 'customers' | 'onlyCustomers' | 'mainAccountSid'>,
): ModalView {
  return registrationModal({
    customers: customersIn(scope, deps.senders.store),
    onlyCustomers: Boolean(scope.customer),
    mainAccountSid: deps.senders.twilio.mainAccountSid,
    ...form,
  });
}
