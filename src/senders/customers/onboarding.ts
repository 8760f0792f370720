import { iso } from '../../clock.js';
import { type Graph, MetaError } from '../../meta/graph.js';
import type { Customer, Onboarding, SenderRecord } from '../../store/schema.js';
import { ignoreStorageError, StorageError } from '../../store/storage-error.js';
import { cannotSave } from '../../views/cannot-save.js';
import {
  onboardingCancelledMessage,
  onboardingDuplicateMessage,
  onboardingErrorMessage,
  onboardingFinishedMessage,
  onboardingLinkMessage,
  onboardingMetaFailedMessage,
  onboardingNotSavedMessage,
  onboardingOtherWabaMessage,
  type SlackText,
} from '../../views/onboarding-messages.js';
import type { SendersContext } from '../context.js';
import { normalizePhone } from '../numbers/phone.js';
import type { Problem } from '../outcome.js';
import { acceptRegistration } from '../registration/registration.js';
import { checkLink, LINK_LIFETIME_MS, signLink } from './onboarding-link.js';
import type { OnboardingSettings } from './onboarding-settings.js';

/** What onboarding needs beside the domain's context: its settings, the link key, Meta's Graph API. */
export interface OnboardingKit {
  settings: OnboardingSettings;
  key: Buffer;
  graph?: Graph;
}

export type LinkResult = { ok: true; onboarding: Onboarding; url: string } | { ok: false; problem: Problem };

/** Stores a new onboarding and queues its link message in `channel`; the caller kicks the outbox. */
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
  const link = onboardingLinkMessage(customer, url, expiresAt, now, user);
  try {
    await ctx.store.atomically(async (tx) => {
      await tx.onboardings.insert(onboarding);
      await tx.outbox.enqueue(
        { kind: 'onboarding_post', onboardingId: onboarding.id, rememberAs: 'onboarding_link', text: link.text, blocks: link.blocks },
        now,
      );
      await tx.audit.add({ at: iso(now), user, action: 'onboarding_link', target: customer.accountSid, detail: customer.name });
    });
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    return { ok: false, problem: { message: cannotSave(error, 'No link was made') } };
  }
  return { ok: true, onboarding, url };
}

/** An onboarding page's state, for the page shown when the link is opened. */
export type LinkState =
  | { kind: 'open'; onboarding: Onboarding; customer: Customer }
  | { kind: 'used'; phoneNumber?: string }
  | { kind: 'expired' }
  | { kind: 'tampered' };

export async function openLink(ctx: SendersContext, kit: OnboardingKit, token: string): Promise<LinkState> {
  const check = checkLink(kit.key, token, ctx.clock.now());
  if (!check.ok) return { kind: check.reason };
  const onboarding = await ctx.store.onboardings.get(check.id);
  const customer = onboarding && (await ctx.store.customers.get(onboarding.customerId));
  if (!onboarding || !customer) return { kind: 'tampered' };
  if (onboarding.finishedAt) return { kind: 'used', phoneNumber: onboarding.phoneNumber };
  return { kind: 'open', onboarding, customer };
}

/** What the page posts back: Meta's WA_EMBEDDED_SIGNUP event and the code from FB.login. */
export interface SignupResult {
  event: string;
  data: Record<string, unknown>;
  code?: string;
}

export type ResultAnswer =
  | { kind: 'registering'; record: SenderRecord; phoneNumber: string; customer: Customer }
  | { kind: 'cancelled'; step?: string; expiresAt: number }
  | { kind: 'error'; expiresAt: number }
  | { kind: 'other_waba'; known: string }
  | { kind: 'meta_failed'; expiresAt: number }
  | { kind: 'not_saved' }
  | { kind: 'duplicate'; phoneNumber: string }
  | { kind: 'busy' }
  | { kind: 'bad_result' }
  | Exclude<LinkState, { kind: 'open' }>;

const text = (value: unknown, max = 200): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined);
const META_ID = /^\d{1,32}$/;

/**
 * A result from the page. FINISH is accepted once: the code is exchanged for a business token,
 * the chosen number read from Meta, the WABA recorded on the customer and the number registered
 * as its sender, all stored in one write (which marks the link used). A second post of the same
 * result finds the link used. CANCEL and ERROR leave the link open.
 */
export async function takeSignupResult(ctx: SendersContext, kit: OnboardingKit, token: string, result: SignupResult): Promise<ResultAnswer> {
  const state = await openLink(ctx, kit, token);
  if (state.kind !== 'open') return state;
  const { customer } = state;
  return ctx.claims.exclusive(
    `onboarding:${state.onboarding.id}`,
    (): ResultAnswer => ({ kind: 'busy' }),
    async () => {
      // Read again once held: a FINISH that held it before may have used the link.
      const onboarding = (await ctx.store.onboardings.get(state.onboarding.id)) ?? state.onboarding;
      if (onboarding.finishedAt) return { kind: 'used', phoneNumber: onboarding.phoneNumber };
      const expiresAt = Date.parse(onboarding.expiresAt);
      const now = ctx.clock.now();
      switch (result.event) {
        case 'CANCEL': {
          const step = text(result.data.current_step, 80);
          await postInThread(ctx, onboarding, onboardingCancelledMessage(step, expiresAt, now));
          return { kind: 'cancelled', step, expiresAt };
        }
        case 'ERROR':
          await postInThread(ctx, onboarding, onboardingErrorMessage(text(result.data.error_message, 300), expiresAt, now));
          return { kind: 'error', expiresAt };
        case 'FINISH':
          return finish(ctx, kit, onboarding, customer, result);
        default:
          return { kind: 'bad_result' };
      }
    },
  );
}

async function finish(ctx: SendersContext, kit: OnboardingKit, onboarding: Onboarding, customer: Customer, result: SignupResult): Promise<ResultAnswer> {
  const wabaId = text(result.data.waba_id, 40);
  const phoneNumberId = text(result.data.phone_number_id, 40);
  const code = text(result.code, 2000);
  if (!wabaId || !phoneNumberId || !code || !META_ID.test(wabaId) || !META_ID.test(phoneNumberId)) return { kind: 'bad_result' };
  const expiresAt = Date.parse(onboarding.expiresAt);
  if (customer.wabaId && customer.wabaId !== wabaId) {
    await postInThread(ctx, onboarding, onboardingOtherWabaMessage(customer.name, customer.wabaId, wabaId));
    return { kind: 'other_waba', known: customer.wabaId };
  }
  let phoneNumber: string;
  let verifiedName: string | undefined;
  try {
    if (!kit.graph) throw new MetaError('META_APP_SECRET is not set', false);
    const businessToken = await kit.graph.exchangeCode(code);
    const number = await kit.graph.businessNumber(phoneNumberId, businessToken);
    const normalized = normalizePhone(number.displayPhoneNumber.startsWith('+') ? number.displayPhoneNumber : `+${number.displayPhoneNumber}`);
    if (!normalized.ok) throw new MetaError(`Meta gave the number as "${number.displayPhoneNumber}", which is not a valid phone number`, false);
    phoneNumber = normalized.e164;
    verifiedName = number.verifiedName;
  } catch (error) {
    const reason = error instanceof MetaError ? error.message : 'an unexpected error';
    ctx.logger.warn('Embedded Signup could not be completed with Meta', { onboarding: onboarding.id, error: ctx.secrets.scrub((error as Error).message) });
    await postInThread(ctx, onboarding, onboardingMetaFailedMessage(reason, expiresAt, ctx.clock.now()));
    return { kind: 'meta_failed', expiresAt };
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
      profile: { name: verifiedName ?? customer.name },
      webhook: {},
      requestedBy: onboarding.requestedBy,
      slackChannel: onboarding.channel,
      slackThreadTs: onboarding.linkTs,
    },
    async (tx, record) => {
      onboarding.senderId = record.id;
      await tx.customers.save(customer);
      await tx.onboardings.save(onboarding);
    },
  );
  if (accepted.kind === 'not_saved') {
    customer.wabaId = before.wabaId;
    Object.assign(onboarding, { finishedAt: undefined, wabaId: undefined, phoneNumber: undefined });
    await postInThread(ctx, onboarding, onboardingNotSavedMessage(accepted.problem.message));
    return { kind: 'not_saved' };
  }
  if (accepted.kind === 'duplicate') {
    onboarding.senderId = accepted.record.id;
    await Promise.all([ctx.store.customers.save(customer), ctx.store.onboardings.save(onboarding)]).catch(ignoreStorageError);
    await postInThread(ctx, onboarding, onboardingDuplicateMessage(phoneNumber));
    return { kind: 'duplicate', phoneNumber };
  }
  await ctx.store.audit
    .add({ at: iso(ctx.clock.now()), user: onboarding.requestedBy, action: 'customer_waba', target: customer.accountSid, detail: wabaId })
    .catch(ignoreStorageError);
  await postInThread(ctx, onboarding, onboardingFinishedMessage(customer.name, wabaId, phoneNumber));
  return { kind: 'registering', record: accepted.record, phoneNumber, customer };
}

async function postInThread(ctx: SendersContext, onboarding: Onboarding, message: SlackText): Promise<void> {
  await ctx.store.outbox
    .enqueue({ kind: 'onboarding_post', onboardingId: onboarding.id, threadOf: 'onboarding', text: message.text, blocks: message.blocks }, ctx.clock.now())
    .catch(ignoreStorageError);
}
