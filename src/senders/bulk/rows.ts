import { type BulkRowProblem, type Customer, isFinished, type SenderRecord } from '../../store/schema.js';
import type { ChannelScope } from '../customers/channel-scope.js';
import { checkWabaId, onboardCommand, wabaClash } from '../customers/waba.js';
import { LONGEST } from '../input-limits.js';
import { checkRegistrationForm, MAIN_ACCOUNT, type RegistrationFormValues } from '../registration/form.js';
import type { RegistrationRequest } from '../registration/registration.js';
import type { BulkColumn, CsvRow } from './csv.js';

export interface ReadyRow {
  line: number;
  request: Omit<RegistrationRequest, 'requestedBy' | 'slackChannel'>;
}

export interface RowCheck {
  ready: ReadyRow[];
  refused: BulkRowProblem[];
  /** Display-name warnings on rows that are still ready. */
  warnings: BulkRowProblem[];
}

export interface RowCheckContext {
  /** The slash command, named in the messages. */
  command: string;
  scope?: ChannelScope;
  customers: Customer[];
  mainAccountSid: string;
  senders: SenderRecord[];
  accountWabas: Record<string, string>;
}

/** Modal field names to the CSV's column names, for messages. */
const COLUMN_OF: Record<string, string> = { phone: 'phone_number', name: 'display_name', method: 'verification_method', customer: 'customer' };

/** Cells the registration form does not check, and how long each may be. */
const SHORT_CELLS: Partial<Record<BulkColumn, number>> = {
  customer: LONGEST.customer,
  waba_id: LONGEST.wabaId,
  verification_method: LONGEST.keyword,
  callback_method: LONGEST.keyword,
  fallback_method: LONGEST.keyword,
  status_callback_method: LONGEST.keyword,
};

/**
 * Checks every row with the rules of a single registration, plus what only a file can get
 * wrong: unknown customers, the same number twice, a number already in progress, a second WABA
 * for one account. Bad rows are reported with their line and never block the good ones.
 */
export function checkBulkRows(rows: CsvRow[], ctx: RowCheckContext): RowCheck {
  const byName = new Map(ctx.customers.map((c) => [c.name.toLowerCase(), c]));
  const bySid = new Map(ctx.customers.map((c) => [c.accountSid.toLowerCase(), c]));
  const active = new Map<string, SenderRecord>();
  for (const s of ctx.senders) if (!isFinished(s)) active.set(`${s.accountSid}|${s.phoneNumber}`, s);
  const seen = new Map<string, number>();
  // The WABA each account holds: seen on its senders, else given to its customer.
  const wabas = new Map(Object.entries(ctx.accountWabas));
  for (const c of ctx.customers) if (c.wabaId && !wabas.has(c.accountSid)) wabas.set(c.accountSid, c.wabaId);
  const result: RowCheck = { ready: [], refused: [], warnings: [] };

  for (const row of rows) {
    const v = row.values;
    const refuse = (problem: string) => result.refused.push({ line: row.line, problem, number: v.phone_number?.slice(0, 40) });
    const overLong = Object.entries(SHORT_CELLS).find(([column, max]) => (v[column as BulkColumn]?.length ?? 0) > max);
    if (overLong) {
      refuse(`${overLong[0]} is too long: at most ${overLong[1]} characters (it has ${v[overLong[0] as BulkColumn]!.length.toLocaleString('en')}).`);
      continue;
    }
    const customerKey = (v.customer ?? '').trim();
    let customerId: string | undefined;
    if (!customerKey) {
      refuse('customer is empty: give a customer name, its AC sid, or "main" for the main account.');
      continue;
    }
    if (customerKey.toLowerCase() === 'main' || customerKey === ctx.mainAccountSid) customerId = MAIN_ACCOUNT;
    else {
      const customer = byName.get(customerKey.toLowerCase()) ?? bySid.get(customerKey.toLowerCase());
      if (!customer) {
        refuse(`customer "${customerKey.slice(0, 60)}" is unknown: add it first with \`${ctx.command} customer add\`, or fix the name.`);
        continue;
      }
      customerId = customer.id;
    }
    const method = (v.verification_method ?? '').trim().toLowerCase();
    if (method && method !== 'sms' && method !== 'voice') {
      refuse(`verification_method "${method.slice(0, 20)}" must be sms, voice or empty.`);
      continue;
    }
    const callbackMethod = (v.callback_method ?? '').trim().toUpperCase();
    const fallbackMethod = (v.fallback_method ?? '').trim().toUpperCase();
    const statusCallbackMethod = (v.status_callback_method ?? '').trim().toUpperCase();
    const values: RegistrationFormValues = {
      customer: customerId,
      phone: v.phone_number,
      name: v.display_name ?? '',
      method: method || undefined,
      voice_email: v.voice_email,
      about: v.about,
      description: v.description,
      address: v.address,
      emails: v.emails,
      vertical: v.vertical,
      logo_url: v.logo_url,
      websites: v.websites,
      callback_url: v.callback_url,
      callback_method: callbackMethod || undefined,
      fallback_url: v.fallback_url,
      fallback_method: fallbackMethod || undefined,
      status_callback_url: v.status_callback_url,
      status_callback_method: statusCallbackMethod || undefined,
    };
    const badMethod = (
      [
        ['callback_method', callbackMethod],
        ['fallback_method', fallbackMethod],
        ['status_callback_method', statusCallbackMethod],
      ] as const
    ).find(([, typed]) => typed && typed !== 'POST' && typed !== 'PUT');
    if (badMethod) {
      refuse(`${badMethod[0]} "${badMethod[1].slice(0, 20)}" must be POST, PUT or empty.`);
      continue;
    }
    const check = checkRegistrationForm(values, ctx.customers, ctx.mainAccountSid, ctx.command);
    if (check.ok && ctx.scope && !ctx.scope.allows(check.value.accountSid)) {
      refuse(`this channel is bound to ${ctx.scope.customer?.name ?? 'one customer'}; rows for other customers are refused here.`);
      continue;
    }
    if (!check.ok) {
      refuse(
        Object.entries(check.errors)
          .map(([field, message]) => `${COLUMN_OF[field] ?? field}: ${message}`)
          .join(' '),
      );
      continue;
    }
    const value = check.value;
    const key = `${value.accountSid}|${value.phoneNumber}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      refuse(`${value.phoneNumber} is already on line ${earlier} for the same customer; keep one of the two.`);
      continue;
    }
    const tracked = active.get(key);
    if (tracked) {
      refuse(`${value.phoneNumber} is already being registered for this customer (${tracked.status ?? tracked.state}); remove this row.`);
      continue;
    }
    const wabaCell = (v.waba_id ?? '').trim();
    const wabaCheck = wabaCell ? checkWabaId(wabaCell) : undefined;
    if (wabaCheck && !wabaCheck.ok) {
      refuse(`waba_id: ${wabaCheck.message}`);
      continue;
    }
    const wabaId = wabaCheck?.wabaId ?? value.customer?.wabaId ?? wabas.get(value.accountSid);
    if (!wabaId && value.customer) {
      refuse(
        `customer "${value.customer.name}" has no WhatsApp Business Account (WABA) yet: run \`${onboardCommand(ctx.command, value.customer.name)}\` (Meta's Embedded Signup makes it), or give its WABA ID in the waba_id column.`,
      );
      continue;
    }
    if (wabaId) {
      const linked = wabas.get(value.accountSid);
      if (linked && linked !== wabaId) {
        refuse(
          `this customer's Twilio account is linked to WABA ${linked}, not ${wabaId}. One Twilio account holds one WABA (Twilio error 63102): use ${linked}, or a separate customer (subaccount) for the other WABA.`,
        );
        continue;
      }
      const inFile = [...wabas].find(([account, id]) => id === wabaId && account !== value.accountSid)?.[0];
      const clash =
        wabaClash(ctx, value.accountSid, wabaId) ??
        (inFile
          ? `WABA ${wabaId} goes to another Twilio account earlier in this file (${inFile}); a WABA is linked to one Twilio account only (Twilio error 63101).`
          : undefined);
      if (clash) {
        refuse(clash);
        continue;
      }
      wabas.set(value.accountSid, wabaId);
    }
    seen.set(key, row.line);
    if (value.nameWarnings.length) result.warnings.push({ line: row.line, problem: value.nameWarnings.join(' ') });
    result.ready.push({
      line: row.line,
      request: {
        accountSid: value.accountSid,
        customerId: value.customer?.id,
        phoneNumber: value.phoneNumber,
        requestedMethod: value.requestedMethod,
        voiceEmail: value.voiceEmail,
        wabaId,
        profile: value.profile,
        webhook: value.webhook,
      },
    });
  }
  return result;
}
