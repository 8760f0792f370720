import type { ModalView } from '@slack/types';
import { clip, plain, section } from './blocks.js';
import { CALLBACK } from './ids.js';

/** The Home tab's "Onboard a customer": which customer gets an Embedded Signup link (as `customer onboard`). */
export function onboardModal(notice?: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.onboardCustomer,
    title: plain('Onboard a customer', 24),
    submit: plain('Get the link', 24),
    close: plain('Cancel', 24),
    blocks: [
      ...(notice ? [section(clip(notice, 3000))] : []),
      section(
        'The customer’s Meta Business admin opens the link to create their WhatsApp Business Account and register their first number. It works once, for 60 minutes, and is posted in your messages with the bot.',
      ),
      {
        type: 'input',
        block_id: 'customer',
        label: plain('Customer'),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 64, placeholder: plain('Acme Corp') },
        hint: plain('Its name or account SID, as in the customer list.'),
      },
      {
        type: 'input',
        block_id: 'new_customer',
        optional: true,
        label: plain('New customer'),
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [{ text: plain('Add this customer first, with a new Twilio subaccount'), value: 'new' }],
        },
      },
    ],
  };
}
