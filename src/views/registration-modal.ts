import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { GUIDELINES_URL, REJECTED_NAME_REMINDER } from '../senders/registration/display-name.js';
import { LIMITS, MAIN_ACCOUNT, type RegistrationFormValues } from '../senders/registration/form.js';
import { CODE_MUST_REACH } from '../senders/registration/path.js';
import { VERTICALS } from '../senders/registration/verticals.js';
import type { Customer } from '../store/schema.js';
import { button, clip, context, divider, header, plain, section } from './blocks.js';
import { customerOption, mainAccountOption } from './customer-options.js';
import { ACTION, CALLBACK } from './ids.js';
import { elementOf, inputValue, type StateValues } from './state-values.js';
import type { WabaInfo } from './waba-info.js';

export interface RegistrationMetadata {
  channel: string;
  /** The display name whose warnings the user has seen; submitting it again goes on. */
  nameAck?: string;
  /** The logo URL that passed the logo check; the same URL submitted again is not fetched again. */
  logoChecked?: string;
}

export interface RegistrationModalInput {
  /** The customers that may be picked here; the select asks for its options as the person types. */
  customers: Customer[];
  mainAccountSid: string;
  /** In a channel bound to a customer: that customer only, not the main account. */
  onlyCustomers?: boolean;
  metadata: RegistrationMetadata;
  values?: RegistrationFormValues;
  pathInfo?: string;
  /** Buttons under the path, e.g. to move a number found in another account. */
  pathActions?: KnownBlock;
  notice?: string;
  /** The WABA the sender joins, under the customer. */
  waba?: WabaInfo;
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

const methodSelect = (chosen: string | undefined): InputBlock['element'] => ({
  type: 'static_select',
  action_id: 'value',
  options: [option('POST', 'POST'), option('PUT', 'PUT')],
  ...(chosen === 'PUT' || chosen === 'POST' ? { initial_option: option(chosen, chosen) } : {}),
});

function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  opts: { optional?: boolean; hint?: string; dispatch?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    optional: opts.optional ?? true,
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    ...(opts.dispatch ? { dispatch_action: true } : {}),
  };
}

const text = (initial: string | undefined, max: number, placeholder?: string, multiline = false): InputBlock['element'] => ({
  type: 'plain_text_input',
  action_id: 'value',
  max_length: max,
  multiline,
  ...(initial ? { initial_value: clip(initial, max) } : {}),
  ...(placeholder ? { placeholder: plain(placeholder, 150) } : {}),
});

const urlInput = (initial?: string): InputBlock['element'] => ({
  type: 'url_text_input',
  action_id: 'value',
  ...(initial ? { initial_value: initial } : {}),
  placeholder: plain('https://', 150),
});

/**
 * The customer shown as chosen: the one picked before a re-render, the bound customer in a bound
 * channel. Nothing at first when customers exist (a missed field must not put a customer's number
 * in the main account); the main account when it is the only choice.
 */
function chosenCustomer(input_: RegistrationModalInput): PlainTextOption | undefined {
  const picked = input_.values?.customer;
  if (input_.onlyCustomers) return input_.customers[0] && customerOption(input_.customers[0]);
  if (!picked) return input_.customers.length === 0 ? mainAccountOption(input_.mainAccountSid) : undefined;
  if (picked === MAIN_ACCOUNT) return mainAccountOption(input_.mainAccountSid);
  const customer = input_.customers.find((c) => c.id === picked);
  return customer && customerOption(customer);
}

function wabaBlocks(waba: WabaInfo | undefined): KnownBlock[] {
  if (!waba) return [];
  if (!waba.onboardCustomerId) return [context(waba.text, 'waba_info')];
  return [{ ...section(waba.text, 'waba_info'), accessory: button('Onboard', ACTION.customerOnboard, waba.onboardCustomerId, 'primary') }];
}

export function registrationModal(input_: RegistrationModalInput): ModalView {
  const v = input_.values ?? {};
  const selectedCustomer = chosenCustomer(input_);
  const verticalOptions = VERTICALS.map((name) => option(name, name));
  const blocks: KnownBlock[] = [];
  if (input_.notice) blocks.push(section(input_.notice, 'notice'));
  blocks.push(
    input(
      'customer',
      'Customer (Twilio account)',
      {
        // Options come from the bot as the person types (any number of customers).
        type: 'external_select',
        action_id: ACTION.detectPath,
        min_query_length: 0,
        placeholder: plain('Type part of the name', 150),
        ...(selectedCustomer ? { initial_option: selectedCustomer } : {}),
      },
      { optional: false, dispatch: true, hint: 'Type part of the customer’s name or account SID.' },
    ),
    ...wabaBlocks(input_.waba),
    input(
      'phone',
      'Phone number',
      {
        ...text(v.phone, 40, '+14155550100'),
        action_id: ACTION.detectPath,
        dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      } as InputBlock['element'],
      {
        optional: false,
        dispatch: true,
        hint: 'With the country code. Press Enter to see which verification path applies. Meta’s code must reach this number: not one behind an IVR, answered by a machine or only calling out.',
      },
    ),
    context(input_.pathInfo ?? `The verification path is shown here once the number is entered (press Enter in the field). ${CODE_MUST_REACH}`, 'path_info'),
    ...(input_.pathActions ? [input_.pathActions] : []),
    input('landline', 'Number type', {
      type: 'checkboxes',
      action_id: 'value',
      options: [option('This number is a landline (no SMS)', 'landline')],
      ...(v.landline ? { initial_options: [option('This number is a landline (no SMS)', 'landline')] } : {}),
    }),
    input('name', 'Display name', text(v.name, 255, 'Acme Store'), {
      optional: false,
      hint: clip(`Must follow Meta’s display name guidelines (${GUIDELINES_URL}). ${REJECTED_NAME_REMINDER}`, 2000),
    }),
    input(
      'method',
      'How the code comes (numbers outside Twilio)',
      {
        type: 'radio_buttons',
        action_id: 'value',
        options: [option('SMS code', 'sms'), option('Voice call', 'voice')],
        initial_option: v.method === 'voice' ? option('Voice call', 'voice') : option('SMS code', 'sms'),
      },
      { hint: 'A Twilio number takes its own path: “Twilio number, SMS code” when it can receive SMS, else “Twilio number, voice call”.' },
    ),
    input(
      'voice_email',
      'Email for the voicemail code (Twilio number, voice call)',
      {
        type: 'email_text_input',
        action_id: 'value',
        ...(v.voice_email ? { initial_value: v.voice_email } : {}),
      },
      { hint: 'Meta’s call goes to voicemail; the transcription with the code is emailed here.' },
    ),
    divider(),
    header('Profile (optional)'),
    input('about', 'About', text(v.about, LIMITS.about)),
    input('description', 'Description', text(v.description, LIMITS.description, undefined, true)),
    input('address', 'Address', text(v.address, LIMITS.address)),
    input('emails', 'Emails', text(v.emails, 300, 'hello@example.com'), {
      hint: 'Up to 2, separated by commas; a label may go first: Support: help@example.com',
    }),
    input('vertical', 'Vertical', {
      type: 'static_select',
      action_id: 'value',
      options: verticalOptions,
      ...(v.vertical && verticalOptions.find((o) => o.value === v.vertical) ? { initial_option: verticalOptions.find((o) => o.value === v.vertical) } : {}),
    }),
    input('logo_url', 'Logo URL', urlInput(v.logo_url)),
    input('websites', 'Websites', text(v.websites, 600, 'https://example.com'), {
      hint: 'Up to 2, separated by commas; a label may go first: Shop: https://shop.example.com',
    }),
    divider(),
    header('Webhooks (optional)'),
    input('callback_url', 'Callback URL (incoming messages)', urlInput(v.callback_url)),
    input('callback_method', 'Callback method', methodSelect(v.callback_method)),
    input('fallback_url', 'Fallback URL (when the callback URL fails)', urlInput(v.fallback_url)),
    input('fallback_method', 'Fallback method', methodSelect(v.fallback_method)),
    input('status_callback_url', 'Status callback URL', urlInput(v.status_callback_url)),
    input('status_callback_method', 'Status callback method', methodSelect(v.status_callback_method)),
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.register,
    title: plain('Register a sender', 24),
    submit: plain('Register', 24),
    close: plain('Cancel', 24),
    private_metadata: clip(JSON.stringify(input_.metadata), 3000),
    blocks,
  };
}

/** Reads the modal’s state.values into the form’s plain values. */
export function readRegistrationValues(values: StateValues): RegistrationFormValues {
  const one = (block: string) => inputValue(values, block);
  const landline = (elementOf(values, 'landline')?.selected_options?.length ?? 0) > 0;
  return {
    customer: one('customer'),
    phone: one('phone'),
    landline,
    name: one('name') ?? '',
    method: one('method'),
    voice_email: one('voice_email'),
    about: one('about'),
    description: one('description'),
    address: one('address'),
    emails: one('emails'),
    vertical: one('vertical'),
    logo_url: one('logo_url'),
    websites: one('websites'),
    callback_url: one('callback_url'),
    callback_method: one('callback_method'),
    fallback_url: one('fallback_url'),
    fallback_method: one('fallback_method'),
    status_callback_url: one('status_callback_url'),
    status_callback_method: one('status_callback_method'),
  };
}

export function parseRegistrationMetadata(raw: string): RegistrationMetadata {
  try {
    const parsed = JSON.parse(raw) as RegistrationMetadata;
    return { channel: String(parsed.channel ?? ''), nameAck: parsed.nameAck, logoChecked: parsed.logoChecked };
  } catch {
    return { channel: '' };
  }
}
