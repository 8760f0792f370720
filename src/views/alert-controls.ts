import type { ActionsBlock, ActionsBlockElement, Button, PlainTextOption, StaticSelect } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { button, plain } from './blocks.js';
import { ACTION } from './ids.js';

export const TWILIO_CONSOLE_SENDERS = 'https://console.twilio.com/us1/develop/sms/senders/whatsapp-senders';

/** The sender's own page in the Twilio Console (by its XE sid); the list of senders until it has one. */
export const senderConsoleUrl = (record: SenderRecord): string => (record.sid ? `${TWILIO_CONSOLE_SENDERS}/${record.sid}` : TWILIO_CONSOLE_SENDERS);

export function consoleButton(record: SenderRecord): Button {
  const open = button('Open in Twilio Console', ACTION.openConsole, record.id);
  open.url = senderConsoleUrl(record);
  return open;
}

/** The snoozes the alert offers, in minutes, with their labels. */
export const SNOOZE_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 1440, label: '24 h' },
];

const snoozeOption = (record: SenderRecord, choice: { minutes: number; label: string }): PlainTextOption => ({
  text: plain(`Snooze ${choice.label}`),
  value: `${record.id}|${choice.minutes}`,
});

/** One menu for the three snoozes; the value of each option is what the Snooze buttons carried. */
export const snoozeMenu = (record: SenderRecord): StaticSelect => ({
  type: 'static_select',
  action_id: ACTION.snooze,
  placeholder: plain('Snooze…'),
  options: SNOOZE_CHOICES.map((choice) => snoozeOption(record, choice)),
});

export const detailsButton = (record: SenderRecord): Button => button('Details', ACTION.alertDetails, record.id);

/** The button for the cause's own fix: a new display name, or else a fresh look at the sender. */
const causeButton = (record: SenderRecord, nameRejected: boolean, primary: boolean): Button =>
  nameRejected
    ? button('Change display name', ACTION.changeName, record.id, primary ? 'primary' : undefined)
    : button('Re-check now', ACTION.recheck, record.id, primary ? 'primary' : undefined);

/**
 * The controls of an incident's alert and of its reminders, five at most: "I’m on it" (the one
 * primary while nobody took it), the cause's fix, one Snooze menu, Details, and the sender in
 * the Console.
 */
export function incidentActions(record: SenderRecord, options: { takeable: boolean; nameRejected?: boolean }): ActionsBlock {
  const elements: ActionsBlockElement[] = [
    ...(options.takeable ? [button('I’m on it', ACTION.takeAlert, record.id, 'primary')] : []),
    causeButton(record, options.nameRejected ?? false, !options.takeable),
    snoozeMenu(record),
    detailsButton(record),
    consoleButton(record),
  ];
  return { type: 'actions', block_id: INCIDENT_ACTIONS, elements };
}

export const INCIDENT_ACTIONS = 'incident_actions';

/** The alert's controls once someone took it: without "I’m on it", the cause's fix becomes the primary. */
export function withoutTake(elements: ActionsBlockElement[]): ActionsBlockElement[] {
  const left = elements.filter((e) => !('action_id' in e) || e.action_id !== ACTION.takeAlert);
  if (left.length === elements.length || left.some((e) => e.type === 'button' && e.style === 'primary')) return left;
  const fix = left.findIndex((e) => e.type === 'button' && (e.action_id === ACTION.changeName || e.action_id === ACTION.recheck));
  return fix < 0 ? left : left.map((e, i) => (i === fix ? { ...e, style: 'primary' as const } : e));
}
