import type { ActionsBlock, ActionsBlockElement, Button, KnownBlock, StaticSelect } from '@slack/types';
import type { MetaIncident } from '../store/schema.js';
import { SNOOZE_CHOICES } from './alert-controls.js';
import { markTaken, type SlackPost } from './alerts.js';
import { button, clip, context, escapeText, plain, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { ACTION } from './ids.js';
import { subjectWords } from './meta-incident-words.js';
import { type MetaFixKind, metaFixKind, metaNextStep, whatsAppManagerUrl } from './meta-next-steps.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';

export interface MetaAlertNumber {
  e164: string;
  /** Twilio's status of the sender on this number, when the bot has one. */
  twilioStatus?: string;
  /** The bot's sender record id, for the controls that act on one sender. */
  senderId?: string;
}

export interface MetaAlertInput {
  incident: MetaIncident;
  customer: { id: string; name: string };
  wabaId: string;
  numbers: MetaAlertNumber[];
  now: number;
  command: string;
  /** Meta's `can_send_message` for the entity (BLOCKED or LIMITED), when known: the headline says which. */
  canSend?: string;
}

const MAX_LISTED = 20;

/** The control values of an incident: the customer and the cause, which the listeners split at the first `|`. */
export const metaIncidentValue = (customerId: string, incidentId: string): string => `${customerId}|${incidentId}`;

const verb = (canSend: string | undefined): string => (canSend === 'BLOCKED' ? 'blocks' : canSend === 'LIMITED' ? 'limits' : 'restricts');

/** The alert's first line: what Meta does, to what, and that Twilio does not say so. */
function headline(input: MetaAlertInput, twilioOnline: boolean): string {
  const { incident, customer } = input;
  const name = escapeText(customer.name);
  const twilio = twilioOnline ? ' — Twilio still says Online' : '';
  if (incident.entity === 'NAME') {
    const which = incident.numbers.length === 1 ? `one of ${name}’s numbers` : `${incident.numbers.length} of ${name}’s numbers`;
    return `:no_entry: *Meta declined the display name of ${which}*${twilio}`;
  }
  return `:no_entry: *Meta ${verb(input.canSend)} sending for ${subjectWords(incident, name)}*${twilio}`;
}

/** Meta's own words: its code, its description and the solution it proposes. */
export function metaWhy(incident: MetaIncident): string {
  const code = incident.code !== undefined ? ` (error ${incident.code})` : '';
  const said = incident.entity === 'NAME' ? 'Meta’s reason' : 'Meta says';
  const solution = incident.solution ? ` Meta suggests: “${escapeText(incident.solution)}”` : '';
  return `*Why:* ${said}${code}: “${escapeText(incident.description)}”${solution}`;
}

function numberLine(number: MetaAlertNumber): string {
  const twilio = number.twilioStatus ? `Twilio says ${statusWord(number.twilioStatus)}` : 'not registered through this bot';
  return `• ${escapeText(number.e164)} · ${twilio}`;
}

function numbersText(numbers: MetaAlertNumber[]): string {
  const lines = numbers.slice(0, MAX_LISTED).map(numberLine);
  if (numbers.length > MAX_LISTED) lines.push(`…and ${numbers.length - MAX_LISTED} more (Details lists them all)`);
  return `*${numbers.length === 1 ? 'Number' : `Numbers (${numbers.length})`}:*\n${lines.join('\n')}`;
}

/** The one sender a NAME incident is about, when the bot registered it. */
const nameSender = (kind: MetaFixKind, numbers: MetaAlertNumber[]): string | undefined =>
  kind === 'name' && numbers.length === 1 ? numbers[0]!.senderId : undefined;

function nextStepText(kind: MetaFixKind, input: MetaAlertInput, senderId: string | undefined): string {
  const rename = kind === 'name' && !senderId ? escapeText(`${input.command} rename <number> <new name>`) : undefined;
  const step = metaNextStep(kind, input.wabaId, rename);
  const link = step.link ? ` <${step.link.url}|${step.link.label}>` : '';
  return `*Next step:* ${step.next}${link}`;
}

const snoozeMenu = (value: string): StaticSelect => ({
  type: 'static_select',
  action_id: ACTION.metaSnooze,
  placeholder: plain('Snooze…'),
  options: SNOOZE_CHOICES.map((choice) => ({ text: plain(`Snooze ${choice.label}`), value: `${value}|${choice.minutes}` })),
});

function managerButton(wabaId: string): Button {
  const open = button('Open in WhatsApp Manager', ACTION.openWhatsAppManager, wabaId);
  open.url = whatsAppManagerUrl(wabaId);
  return open;
}

export const META_INCIDENT_ACTIONS = 'meta_incident_actions';

interface ControlsFor {
  customerId: string;
  incidentId: string;
  wabaId: string;
  /** The sender whose display name Meta declined: its fix is a new name. */
  nameSenderId?: string;
  takeable: boolean;
}

/**
 * The controls of a Meta incident and of its reminders, five at most: "I’m on it" (the one
 * primary while nobody took it), the cause's fix, one Snooze menu, Details, and the WABA in
 * WhatsApp Manager.
 */
export function metaIncidentActions(options: ControlsFor): ActionsBlock {
  const value = metaIncidentValue(options.customerId, options.incidentId);
  const fixStyle = options.takeable ? undefined : 'primary';
  const fix = options.nameSenderId
    ? button('Change display name', ACTION.changeName, options.nameSenderId, fixStyle)
    : button('Re-check now', ACTION.metaRecheck, value, fixStyle);
  const elements: ActionsBlockElement[] = [
    ...(options.takeable ? [button('I’m on it', ACTION.metaTake, value, 'primary')] : []),
    fix,
    snoozeMenu(value),
    button('Details', ACTION.metaDetails, value),
    managerButton(options.wabaId),
  ];
  return { type: 'actions', block_id: META_INCIDENT_ACTIONS, elements };
}

const anyOnline = (numbers: MetaAlertNumber[]): boolean => numbers.some((n) => n.twilioStatus === 'ONLINE');

/** The one alert for a cause Meta reports: Meta's words, the numbers it concerns, the next step, the controls. */
export function metaIncidentAlert(input: MetaAlertInput): SlackPost {
  const { incident, customer, wabaId, numbers, now } = input;
  const kind = metaFixKind(incident);
  const senderId = nameSender(kind, numbers);
  const said = Date.parse(incident.postedAt);
  const blocks: KnownBlock[] = [
    section(headline(input, anyOnline(numbers))),
    section(clip(`${metaWhy(incident)}\n${nextStepText(kind, input, senderId)}`, 2800)),
  ];
  if (numbers.length) blocks.push(section(clip(numbersText(numbers), 2800)));
  blocks.push(
    context(
      `Customer: ${escapeText(customer.name)} · WhatsApp account \`${escapeText(wabaId)}\` · Meta reported it ${slackTime(Number.isNaN(said) ? now : said, now)} · this message is edited when Meta lifts it`,
    ),
    metaIncidentActions({ customerId: customer.id, incidentId: incident.id, wabaId, nameSenderId: senderId, takeable: true }),
  );
  return { text: notificationText(input), blocks };
}

function notificationText(input: MetaAlertInput): string {
  const { incident, customer } = input;
  if (incident.entity === 'NAME') return `Meta declined the display name of ${incident.numbers.join(', ')} (${customer.name})`;
  const code = incident.code !== undefined ? ` (error ${incident.code})` : '';
  return `Meta ${verb(input.canSend)} sending for ${subjectWords(incident, customer.name)}${code}`;
}

export interface MetaReminderInput {
  incident: MetaIncident;
  customer: { id: string; name: string };
  wabaId: string;
  /** The sender whose display name Meta declined, for a NAME incident. */
  nameSenderId?: string;
  now: number;
  canSend?: string;
}

/** A reminder in the alert's thread; once someone took the incident, it is for that person only. */
export function metaIncidentReminder(input: MetaReminderInput): SlackPost {
  const { incident, customer, now } = input;
  const since = Date.parse(incident.postedAt);
  const who = incident.takenBy ? `<@${incident.takenBy}> ` : '';
  const what =
    incident.entity === 'NAME'
      ? `Meta still declines the display name of ${incident.numbers.join(', ')}`
      : `Meta still ${verb(input.canSend)} sending for ${subjectWords(incident, customer.name)}`;
  return {
    text: `Reminder: ${what}`,
    blocks: [
      section(
        `:alarm_clock: ${who}Reminder: ${escapeText(what)} (for ${durationText(Math.max(now - since, 60_000))}, since ${slackTime(since, now)}). The alert above gives Meta’s reason and the next step.`,
      ),
      metaIncidentActions({ customerId: customer.id, incidentId: incident.id, wabaId: input.wabaId, nameSenderId: input.nameSenderId, takeable: false }),
    ],
  };
}

const TAKEN_BLOCK = 'meta_taken_by';

/** The incident's fix buttons: the one that becomes primary once "I’m on it" is gone. */
const isFix = (e: ActionsBlockElement): boolean => e.type === 'button' && (e.action_id === ACTION.changeName || e.action_id === ACTION.metaRecheck);

function withoutMetaTake(elements: ActionsBlockElement[]): ActionsBlockElement[] {
  const left = elements.filter((e) => !('action_id' in e) || e.action_id !== ACTION.metaTake);
  if (left.length === elements.length || left.some((e) => e.type === 'button' && e.style === 'primary')) return left;
  return left.map((e) => (isFix(e) ? { ...e, style: 'primary' as const } : e));
}

/** The alert as shown, with "I’m on it" replaced by who took it (at `at`, now by default). */
export const metaTakenBlocks = (shown: KnownBlock[], user: string, now: number, at = now): KnownBlock[] =>
  markTaken(shown, { user, at, now }, withoutMetaTake, TAKEN_BLOCK);

/** What Meta now lets happen again, for the resolved line. */
function liftedWords(incident: MetaIncident, customerName: string): string {
  if (incident.entity === 'NAME') return `Meta no longer declines the display name of ${customerName}’s ${incident.numbers.join(', ')}`;
  if (incident.entity === 'PHONE_NUMBER') return `Meta lets ${customerName}’s ${incident.numbers.join(', ')} send again`;
  return `Meta lets ${subjectWords(incident, customerName)} send again`;
}

/** What the incident's alert becomes once Meta lifts it: one line, after how long, and who took it. */
export function metaResolvedAlert(incident: MetaIncident, customerName: string, now: number): SlackPost {
  const at = incident.recoveredAt ? Date.parse(incident.recoveredAt) : now;
  const after = durationText(Math.max(at - Date.parse(incident.postedAt), 60_000));
  const who = incident.takenBy ? `taken by <@${incident.takenBy}>` : 'nobody took it';
  return {
    text: `Resolved: ${liftedWords(incident, customerName)} after ${after}`,
    blocks: [section(`:white_check_mark: Resolved: ${escapeText(liftedWords(incident, customerName))} after ${after} · ${who}.`)],
  };
}
