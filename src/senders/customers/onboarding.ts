import { iso } from '../../clock.js';
import type { BusinessNumber, Graph } from '../../meta/graph.js';
import { type Repos, StaleRecordError } from '../../store/repositories.js';
import type { Customer, Onboarding, OnboardingNotice, SenderRecord } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { normalizePhone } from '../numbers/phone.js';
import { onceAtATime } from '../once-at-a-time.js';
import { notSaved, type Problem } from '../outcome.js';
import { checkDisplayName } from '../registration/display-name.js';
import { acceptRegistration } from '../registration/registration.js';
import { confirmWithMeta } from './onboarding-confirm.js';
import { checkLink, LINK_LIFETIME_MS, signLink, usableUntil } from './onboarding-link.js';
import { metaAccessAfterSignup } from './onboarding-meta-access.js';
import type { OnboardingSettings } from './onboarding-settings.js';
import { notify, postInThread, threadPost } from './onboarding-thread.js';
import { linkedWaba, wabaClash, wabaKnowledge } from './waba.js';

/** What onboarding needs beside the domain's context: its settings, the link key, Meta's Graph API. */
export interface OnboardingKit {
  settings: OnboardingSettings;
  key: Buffer;
  graph?: Graph;
}

/** Finished or expired onboardings are kept this long (the audit log keeps what they did), then forgotten. */
const KEEP_ENDED_MS = 30 * 24 * 60 * 60_000;

export type LinkResult = { ok: true; onboarding: Onboarding; url: string } | { ok: false; problem: Problem };

/**
 * Stores a new onboarding and queues its link message in `channel`; the caller kicks the outbox.
 * The customer's earlier open links end: one signup at a time per customer.
 */
export async function giveOnboardingLink(ctx: SendersContext, kit: OnboardingKit, customer: Customer, channel: string, user: string): Promise<LinkResult> {
  const now = ctx.clock.now();
  const expiresAt = now + LINK_LIFETIME_MS;
  const onboarding: Onboarding = {
    id: `${ctx.newId()}${ctx.newId()}`,
    customerId: customer.id,
    channel,
    requestedBy: user,
    createdAt: iso(now),
    expiresAt: iso(expiresAt),
  };
  const url = `${kit.settings.publicUrl}/onboard/${signLink(kit.key, onboarding.id, expiresAt)}`;
  try {
    await commit(ctx, async (read) => {
      const replaced: Onboarding[] = [];
      for (const earlier of await read.onboardings.list()) {
        if (earlier.customerId !== customer.id || earlier.finishedAt || earlier.replacedAt || usableUntil(earlier) <= now) continue;
        earlier.replacedAt = iso(now);
        replaced.push(earlier);
      }
      return {
        onboardings: replaced,
        newOnboardings: [onboarding],
        messages: [
          {
            kind: 'onboarding_post',
            onboardingId: onboarding.id,
            rememberAs: 'onboarding_link',
            notice: { kind: 'link', customerName: customer.name, wabaId: customer.wabaId, url, expiresAt, at: now, user },
          },
        ],
        audit: [{ at: iso(now), user, action: 'onboarding_link', target: customer.accountSid, detail: customer.name }],
        also: (tx) => pruneOnboardings(tx, now - KEEP_ENDED_MS),
      };
    });
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    return { ok: false, problem: notSaved(error, 'onboarding_link') };
  }
  // The link itself is a bearer token: never logged.
  ctx.logger.info('onboarding link given', { onboarding: onboarding.id, customer: customer.name, user, expiresAt: onboarding.expiresAt });
  return { ok: true, onboarding, url };
}

/** Forgets onboardings that ended before `before`, except any a queued Slack post still needs. */
async function pruneOnboardings(tx: Repos, before: number): Promise<void> {
  for (const onboarding of await tx.onboardings.list()) {
    if (usableUntil(onboarding) >= before) continue;
    if ((await tx.outbox.find({ onboardingId: onboarding.id })).length > 0) continue;
    await tx.onboardings.remove(onboarding.id);
  }
}

/** An onboarding page's state, for the page shown when the link is opened. */
export type LinkState =
  | { kind: 'open'; onboarding: Onboarding; customer: Customer }
  | { kind: 'used' }
  | { kind: 'replaced' }
  | { kind: 'expired'; onboarding?: Onboarding; customer?: Customer }
  | { kind: 'tampered' };

export async function openLink(ctx: SendersContext, kit: OnboardingKit, token: string): Promise<LinkState> {
  const check = checkLink(kit.key, token, ctx.clock.now());
  if (!check.ok && check.reason === 'tampered') return { kind: 'tampered' };
  const onboarding = await ctx.store.onboardings.get(check.id);
  const customer = onboarding && (await ctx.store.customers.get(onboarding.customerId));
  if (!onboarding || !customer) return check.ok ? { kind: 'tampered' } : { kind: 'expired' };
  if (onboarding.finishedAt) return { kind: 'used' };
  if (onboarding.replacedAt) return { kind: 'replaced' };
  if (!check.ok) return { kind: 'expired', onboarding, customer };
  return { kind: 'open', onboarding, customer };
}

/** The page was opened: from now on a signup started on it may finish within Meta's hour, even past the link's expiry. */
export async function markOpened(ctx: SendersContext, onboarding: Onboarding): Promise<void> {
  if (onboarding.openedAt) return;
  onboarding.openedAt = iso(ctx.clock.now());
  try {
    await commit(ctx, async () => ({ onboardings: [onboarding] }));
  } catch (error) {
    // The page opens all the same; unmarked, a signup on it must finish before the link expires.
    if (!(error instanceof StorageError)) throw error;
    onboarding.openedAt = undefined;
    ctx.logger.warn('could not record that an onboarding page was opened', { error: error.message });
  }
}

/** What the page posts back: Meta's WA_EMBEDDED_SIGNUP event (or INCOMPLETE when none came) and the code from FB.login. */
export interface SignupResult {
  event: string;
  data: Record<string, unknown>;
  code?: string;
}

export type ResultAnswer =
  | { kind: 'registering'; record: SenderRecord; phoneNumber: string; customer: Customer }
  | { kind: 'waba_only'; noNumber: boolean }
  | { kind: 'cancelled'; step?: string; expiresAt: number }
  | { kind: 'error'; expiresAt: number }
  | { kind: 'incomplete'; expiresAt: number }
  | { kind: 'other_waba'; known: string }
  | { kind: 'waba_taken' }
  | { kind: 'meta_failed'; expiresAt: number }
  | { kind: 'not_saved' }
  | { kind: 'duplicate'; phoneNumber: string }
  | { kind: 'busy' }
  | { kind: 'bad_result' }
  | Exclude<LinkState, { kind: 'open' }>;

const text = (value: unknown, max = 200): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined);
const META_ID = /^\d{1,32}$/;
/** Meta's step and event names; anything else from the page is not shown. */
const META_NAME = /^[A-Z][A-Z0-9_]{0,59}$/;
const metaId = (value: unknown) => (typeof value === 'string' && META_ID.test(value) ? value : undefined);
const metaName = (value: unknown) => (typeof value === 'string' && META_NAME.test(value) ? value : undefined);
const isFinish = (event: string) => event === 'FINISH' || event === 'FINISH_ONLY_WABA';

/**
 * A result from the page. A FINISH is accepted once, after Meta confirms it: the code is
 * exchanged for a business token, Meta asked whether that token may manage the WABA and whether
 * the number is that WABA's, the WABA checked against every account the bot knows, then recorded
 * on the customer and the number registered, all stored in one write (which marks the link used).
 * Anything else leaves the link open. One result at a time per customer.
 */
export async function takeSignupResult(ctx: SendersContext, kit: OnboardingKit, token: string, result: SignupResult): Promise<ResultAnswer> {
  const answer = await decideSignupResult(ctx, kit, token, result);
  logSignup(ctx, answer, metaName(result.event));
  return answer;
}

/** One line per signup result the page sends: finished, not finished by the customer, or refused (and why). */
function logSignup(ctx: SendersContext, answer: ResultAnswer, event: string | undefined): void {
  if (answer.kind === 'registering')
    ctx.logger.info('signup finished', { customer: answer.customer.name, account: answer.customer.accountSid, registering: true });
  else if (answer.kind === 'waba_only') ctx.logger.info('signup finished', { registering: false, noNumber: answer.noNumber });
  else if (answer.kind === 'cancelled' || answer.kind === 'error' || answer.kind === 'incomplete')
    ctx.logger.info('signup not finished', { outcome: answer.kind, event });
  else ctx.logger.warn('signup refused', { outcome: answer.kind, event });
}

async function decideSignupResult(ctx: SendersContext, kit: OnboardingKit, token: string, result: SignupResult): Promise<ResultAnswer> {
  const state = await openLink(ctx, kit, token);
  if (state.kind === 'expired' && state.onboarding && state.customer) {
    // A page opened before expiry keeps working for Meta's hour; a FINISH after that is only told in the thread.
    if (usableUntil(state.onboarding) <= ctx.clock.now()) {
      const { onboarding, customer } = state;
      if (isFinish(result.event)) {
        const [wabaId, phoneNumberId] = [metaId(result.data.waba_id), metaId(result.data.phone_number_id)];
        await notify(ctx, onboarding, { kind: 'late', wabaId, phoneNumberId, command: ctx.settings.command, customerName: customer.name });
      }
      return { kind: 'expired' };
    }
  } else if (state.kind !== 'open') {
    return state.kind === 'expired' ? { kind: 'expired' } : state;
  }
  const opened = state as { onboarding: Onboarding; customer: Customer };
  return onceAtATime<ResultAnswer>(
    ctx,
    `onboarding-customer:${opened.customer.id}`,
    { busy: () => ({ kind: 'busy' }), cannotSave: () => ({ kind: 'not_saved' }) },
    async () => {
      // Read again once held: a result that held it before may have used the link or given the customer its WABA.
      const current = await readAgain(ctx, opened.onboarding, opened.customer);
      if ('kind' in current) return current;
      const { onboarding, customer } = current;
      const until = usableUntil(onboarding);
      const now = ctx.clock.now();
      switch (result.event) {
        case 'CANCEL': {
          const step = metaName(result.data.current_step);
          await notify(ctx, onboarding, { kind: 'cancelled', step, expiresAt: until, at: now });
          return { kind: 'cancelled', step, expiresAt: until };
        }
        case 'ERROR':
          await notify(ctx, onboarding, { kind: 'error', errorId: metaId(result.data.error_id), expiresAt: until, at: now });
          return { kind: 'error', expiresAt: until };
        case 'INCOMPLETE':
          await notify(ctx, onboarding, { kind: 'incomplete', expiresAt: until, at: now });
          return { kind: 'incomplete', expiresAt: until };
        case 'FINISH':
        case 'FINISH_ONLY_WABA':
          return finish(ctx, kit, onboarding, customer, result);
        default: {
          const event = metaName(result.event);
          if (event) await notify(ctx, onboarding, { kind: 'incomplete', event, expiresAt: until, at: now });
          return { kind: 'bad_result' };
        }
      }
    },
  );
}

/** The onboarding and its customer as stored now, or the answer when the link was used or replaced meanwhile. */
async function readAgain(
  ctx: SendersContext,
  onboarding: Onboarding,
  customer: Customer,
): Promise<{ onboarding: Onboarding; customer: Customer } | ResultAnswer> {
  const stored = (await ctx.store.onboardings.get(onboarding.id)) ?? onboarding;
  if (stored.finishedAt) return { kind: 'used' };
  if (stored.replacedAt) return { kind: 'replaced' };
  return { onboarding: stored, customer: (await ctx.store.customers.get(customer.id)) ?? customer };
}

/** The same check the form and the queue make: one WABA per Twilio account, and a WABA in one account only. */
async function refuseClash(ctx: SendersContext, onboarding: Onboarding, customer: Customer, wabaId: string): Promise<ResultAnswer | undefined> {
  const known = await wabaKnowledge(ctx.store, customer.accountSid, wabaId);
  const clash = wabaClash(known, customer.accountSid, wabaId);
  if (!clash) return undefined;
  const linked = linkedWaba(known, customer.accountSid);
  if (linked && linked.wabaId !== wabaId) {
    await notify(ctx, onboarding, { kind: 'other_waba', customerName: customer.name, known: linked.wabaId, chosen: wabaId });
    return { kind: 'other_waba', known: linked.wabaId };
  }
  await notify(ctx, onboarding, { kind: 'waba_taken', clash });
  return { kind: 'waba_taken' };
}

async function finish(ctx: SendersContext, kit: OnboardingKit, onboarding: Onboarding, customer: Customer, result: SignupResult): Promise<ResultAnswer> {
  const onlyWaba = result.event === 'FINISH_ONLY_WABA';
  const wabaId = metaId(result.data.waba_id);
  const phoneNumberId = onlyWaba ? undefined : metaId(result.data.phone_number_id);
  const code = text(result.code, 2000);
  if (!wabaId || !code || (!onlyWaba && !phoneNumberId)) return { kind: 'bad_result' };
  const clashBefore = await refuseClash(ctx, onboarding, customer, wabaId);
  if (clashBefore) return clashBefore;
  const confirmed = await confirmWithMeta(ctx, kit.graph, onboarding, { wabaId, phoneNumberId, code });
  if (!confirmed.ok) return { kind: 'meta_failed', expiresAt: usableUntil(onboarding) };
  // The store may have changed while Meta answered; a save that finds it changed since (another
  // replica, a command on the customer) reads it again and decides again.
  let current = { onboarding, customer };
  for (let attempt = 1; ; attempt += 1) {
    const clash = await refuseClash(ctx, current.onboarding, current.customer, wabaId);
    if (clash) return clash;
    try {
      const answer = await recordSignup(ctx, current.onboarding, current.customer, wabaId, confirmed.number);
      if (SIGNED_UP.has(answer.kind)) await metaAccessAfterSignup(ctx, current.onboarding, current.customer.id);
      return answer;
    } catch (error) {
      if (!(error instanceof StaleRecordError)) throw error;
      if (attempt >= STALE_ATTEMPTS) {
        ctx.logger.warn('a signup result could not be stored: the customer kept changing', { onboardingId: onboarding.id });
        return { kind: 'not_saved' };
      }
      const again = await readAgain(ctx, current.onboarding, current.customer);
      if ('kind' in again) return again;
      current = again;
    }
  }
}

/** Answers after which the customer has the signup's WABA stored. */
const SIGNED_UP = new Set<ResultAnswer['kind']>(['registering', 'waba_only', 'duplicate']);

/** How many times a signup result is decided again when the customer changed while it was stored. */
const STALE_ATTEMPTS = 3;

/** Records a signup Meta confirmed: the WABA on the customer, the link used, the number registered when there is one the bot can register. */
async function recordSignup(
  ctx: SendersContext,
  onboarding: Onboarding,
  customer: Customer,
  wabaId: string,
  number: BusinessNumber | undefined,
): Promise<ResultAnswer> {
  if (!number)
    return recordWabaOnly(
      ctx,
      onboarding,
      customer,
      wabaId,
      'No phone number was added in the signup, so nothing is being registered yet: register the number with `register` for this customer when the customer has it, or send a new link.',
    );
  const shown = number.displayPhoneNumber;
  const normalized = normalizePhone(shown.startsWith('+') ? shown : `+${shown}`);
  if (!normalized.ok) {
    return recordWabaOnly(
      ctx,
      onboarding,
      customer,
      wabaId,
      `Meta gave the chosen number as "${shown.slice(0, 40)}", which is not a valid phone number, so nothing is being registered: find the number in Meta's WhatsApp Manager and register it with \`register\` for this customer.`,
    );
  }
  const phoneNumber = normalized.e164;
  const name = number.verifiedName ?? customer.name;
  const nameErrors = number.verifiedName ? [] : checkDisplayName(customer.name).errors;
  if (nameErrors.length > 0) {
    return recordWabaOnly(
      ctx,
      onboarding,
      customer,
      wabaId,
      `Meta has no display name for *${phoneNumber}*, and the customer's name cannot be one (${nameErrors.join(' ')}), so nothing is being registered yet: register ${phoneNumber} with \`register\` for this customer, giving its display name.`,
      phoneNumber,
    );
  }
  const before = { wabaId: customer.wabaId };
  customer.wabaId = wabaId;
  Object.assign(onboarding, { finishedAt: iso(ctx.clock.now()), wabaId, phoneNumber });
  const accepted = await acceptRegistration(
    ctx,
    {
      accountSid: customer.accountSid,
      customerId: customer.id,
      phoneNumber,
      wabaId,
      profile: { name },
      webhook: {},
      requestedBy: onboarding.requestedBy,
      slackChannel: onboarding.channel,
      slackThreadTs: onboarding.linkTs,
    },
    // The customer's WABA, the link used, its audit entry and the thread's note: stored with the registration or not at all.
    async (tx, record) => {
      onboarding.senderId = record.id;
      await tx.customers.save(customer);
      await tx.onboardings.save(onboarding);
      await tx.audit.add({ at: iso(ctx.clock.now()), user: onboarding.requestedBy, action: 'customer_waba', target: customer.accountSid, detail: wabaId });
      await tx.outbox.enqueue(threadPost(onboarding, { kind: 'finished', customerName: customer.name, wabaId, phoneNumber }), ctx.clock.now());
    },
  );
  if (accepted.kind === 'not_saved') {
    customer.wabaId = before.wabaId;
    Object.assign(onboarding, { finishedAt: undefined, wabaId: undefined, phoneNumber: undefined, senderId: undefined });
    await tellNotSaved(ctx, onboarding, accepted.problem);
    return { kind: 'not_saved' };
  }
  if (accepted.kind === 'duplicate') {
    onboarding.senderId = accepted.record.id;
    try {
      await commit(
        ctx,
        async () => ({ customers: [customer], onboardings: [onboarding], messages: [threadPost(onboarding, { kind: 'duplicate', phoneNumber })] }),
        {
          attempts: 1,
        },
      );
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      customer.wabaId = before.wabaId;
      Object.assign(onboarding, { finishedAt: undefined, wabaId: undefined, phoneNumber: undefined, senderId: undefined });
      await tellNotSaved(ctx, onboarding, error);
      return { kind: 'not_saved' };
    }
    return { kind: 'duplicate', phoneNumber };
  }
  return { kind: 'registering', record: accepted.record, phoneNumber, customer };
}

/** A confirmed signup with no number the bot can register: the WABA is recorded, the link used, and the thread says what is left to do. */
async function recordWabaOnly(
  ctx: SendersContext,
  onboarding: Onboarding,
  customer: Customer,
  wabaId: string,
  why: string,
  phoneNumber?: string,
): Promise<ResultAnswer> {
  const before = { wabaId: customer.wabaId };
  customer.wabaId = wabaId;
  Object.assign(onboarding, { finishedAt: iso(ctx.clock.now()), wabaId, phoneNumber });
  const entry = { at: iso(ctx.clock.now()), user: onboarding.requestedBy, action: 'customer_waba', target: customer.accountSid, detail: wabaId };
  const note: OnboardingNotice = {
    kind: 'waba_only',
    customerName: customer.name,
    wabaId,
    why: why.replaceAll('`register`', `\`${ctx.settings.command} register\``),
  };
  try {
    await commit(ctx, async () => ({ customers: [customer], onboardings: [onboarding], audit: [entry], messages: [threadPost(onboarding, note)] }), {
      attempts: 1,
    });
  } catch (error) {
    customer.wabaId = before.wabaId;
    Object.assign(onboarding, { finishedAt: undefined, wabaId: undefined, phoneNumber: undefined });
    if (!(error instanceof StorageError)) throw error;
    await tellNotSaved(ctx, onboarding, error);
    return { kind: 'not_saved' };
  }
  return { kind: 'waba_only', noNumber: !phoneNumber };
}

/**
 * The page tells the person their signup was not saved; the thread hears of it too when the store
 * takes the post (a store failing for everything cannot: the store's own alert tells the admins).
 */
async function tellNotSaved(ctx: SendersContext, onboarding: Onboarding, problem: StorageError): Promise<void> {
  await postInThread(ctx, onboarding, { kind: 'not_saved', reason: problem.message }).catch((error: unknown) => {
    if (!(error instanceof StorageError)) throw error;
    ctx.logger.warn('could not store the onboarding thread note of a signup not saved', { error: error.message });
  });
}
