import { iso, pastTime } from '../../clock.js';
import { DuplicateIdError } from '../../store/repositories.js';
import type { Customer, PendingSubaccount } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { AccountWire } from '../../twilio/wire.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { onceAtATime } from '../once-at-a-time.js';
import { notSaved, type Problem, problemFrom } from '../outcome.js';
import { wabaOfAccountSenders } from './customer-waba.js';
import { checkWabaId, wabaClash, wabaKnowledge } from './waba.js';

export type CustomerResult = { ok: true; customer: Customer; waba?: WabaOrigin } | { ok: false; problem: Problem };

/** Where a new customer's WABA came from: given in the command, read from its account's senders, or not found. */
export type WabaOrigin = { kind: 'given' } | { kind: 'learned' } | { kind: 'none' } | { kind: 'lookup_failed'; problem: Problem };

export interface AddCustomerOptions {
  /** The customer's WABA ID, as typed (`waba <id>`). */
  wabaId?: string;
}

const customerKey = (nameOrSid: string) => `customer:${nameOrSid.trim().toLowerCase()}`;

/**
 * Records a customer: links an existing subaccount, or creates one named after the customer.
 * The same command twice (a retry, two people at once) makes one customer and one subaccount.
 */
export async function addCustomerAccount(
  ctx: SendersContext,
  name: string,
  accountSid: string | undefined,
  user: string,
  options: AddCustomerOptions = {},
): Promise<CustomerResult> {
  let wabaId: string | undefined;
  if (options.wabaId !== undefined) {
    const check = checkWabaId(options.wabaId);
    if (!check.ok) return { ok: false, problem: { message: check.message } };
    wabaId = check.wabaId;
  }
  const cannot = ctx.credentials?.refusal();
  if (cannot) return { ok: false, problem: { message: cannot } };
  const answers = {
    busy: (): CustomerResult => ({ ok: false, problem: BEING_ADDED(name) }),
    cannotSave: (error: StorageError): CustomerResult => ({ ok: false, problem: notSaved(error, 'customer') }),
  };
  return onceAtATime(ctx, customerKey(name), answers, () =>
    accountSid
      ? onceAtATime(ctx, customerKey(accountSid), answers, () => linkSubaccount(ctx, name, accountSid, user, wabaId))
      : createWithSubaccount(ctx, name, user, wabaId),
  );
}

const BEING_ADDED = (name: string): Problem => ({ message: `"${name}" is already being added; see \`customers\` in a moment.` });

async function alreadyKnown(ctx: SendersContext, name: string, accountSid?: string): Promise<Problem | undefined> {
  if (await ctx.store.customers.find(name)) return { message: `A customer named "${name}" already exists. Choose another name; see \`customers\`.` };
  const linked = accountSid ? await ctx.store.customers.find(accountSid) : undefined;
  if (linked) return { message: `${accountSid} is already linked to customer "${linked.name}".` };
  if (accountSid === ctx.twilio.mainAccountSid)
    return { message: 'That is the main account; it is always available as "Main account". Give a subaccount SID, or none to create one.' };
  return undefined;
}

async function linkSubaccount(ctx: SendersContext, name: string, accountSid: string, user: string, wabaId: string | undefined): Promise<CustomerResult> {
  const known = await alreadyKnown(ctx, name, accountSid);
  if (known) return { ok: false, problem: known };
  try {
    const account = await ctx.twilio.fetchAccount(accountSid);
    if (account.owner_account_sid && account.owner_account_sid !== ctx.twilio.mainAccountSid) {
      return { ok: false, problem: { message: `${accountSid} is not a subaccount of this bot's Twilio account.` } };
    }
    // The account may hold a WABA already (senders made in the Console): its senders say which.
    const seen = await wabaOfAccountSenders(ctx, account.sid);
    if (seen.wabaId) await commit(ctx, async () => ({ also: async (tx) => void (await tx.accounts.linkWaba(account.sid, seen.wabaId!)) }));
    if (wabaId) {
      const clash = wabaClash(await wabaKnowledge(ctx.store, account.sid, wabaId), account.sid, wabaId);
      if (clash) return { ok: false, problem: { message: clash } };
      return record(ctx, name, account.sid, user, false, wabaId, { kind: 'given' });
    }
    const learned = await ctx.store.accounts.waba(account.sid);
    if (learned) return record(ctx, name, account.sid, user, false, learned, { kind: 'learned' });
    return record(ctx, name, account.sid, user, false, undefined, seen.lookupFailed ? { kind: 'lookup_failed', problem: seen.lookupFailed } : { kind: 'none' });
  } catch (error) {
    if (error instanceof TwilioApiError && (error.status === 404 || error.status === 401 || error.status === 403)) {
      return {
        ok: false,
        problem: {
          message: `Twilio does not know ${accountSid} as a subaccount of this bot's account. Check the SID in the Twilio Console (Admin > Subaccounts).`,
        },
      };
    }
    return { ok: false, problem: problemFrom(error) };
  }
}

/**
 * A new subaccount: the request is stored before it goes out; when its answer is lost, or after
 * a crash, Twilio is asked for a subaccount of that name before another is created.
 */
async function createWithSubaccount(ctx: SendersContext, name: string, user: string, wabaId: string | undefined): Promise<CustomerResult> {
  const known = await alreadyKnown(ctx, name);
  if (known) return { ok: false, problem: known };
  const pending = await ctx.store.pendingSubaccounts.find(name);
  if (pending) {
    const settled = await settlePendingSubaccount(ctx, pending);
    if (settled.kind === 'adopted') return adoptedWithWaba(ctx, settled.customer, wabaId, user);
    if (settled.kind === 'checking') return { ok: false, problem: CHECKING(name) };
  }
  const now = ctx.clock.now();
  const entry: PendingSubaccount = { name, requestedBy: user, since: iso(now) };
  try {
    await commit(ctx, async () => ({ also: (tx) => tx.pendingSubaccounts.add(entry) }));
  } catch (error) {
    // Another request for this name is stored (and under way): this one is not sent.
    if (error instanceof DuplicateIdError) return { ok: false, problem: BEING_ADDED(name) };
    // Not stored, so not sent: forgotten, and the person is told so.
    if (!(error instanceof StorageError)) throw error;
    return { ok: false, problem: notSaved(error, 'subaccount') };
  }
  try {
    const account = await ctx.twilio.createSubaccount(name);
    return record(ctx, name, account.sid, user, true, wabaId, wabaId ? { kind: 'given' } : { kind: 'none' }, entry);
  } catch (error) {
    if (error instanceof TwilioApiError && error.uncertain) {
      const settled = await settlePendingSubaccount(ctx, entry, { justSent: true });
      if (settled.kind === 'adopted') return adoptedWithWaba(ctx, settled.customer, wabaId, user);
      return { ok: false, problem: CHECKING(name) };
    }
    await dropPending(ctx, entry);
    return { ok: false, problem: problemFrom(error) };
  }
}

const CHECKING = (name: string): Problem => ({
  message: `Twilio did not confirm the new subaccount for "${name}": its answer was lost, so it may exist already. The bot checks with Twilio instead of creating a second one: run the same command again in a minute.`,
});

/** How long Twilio may still be creating a subaccount whose answer was lost. */
const SUBACCOUNT_SETTLE_MS = 2 * 60_000;

const keepPending = (ctx: SendersContext, entry: PendingSubaccount): Promise<void> =>
  commit(ctx, async () => ({
    also: async (tx) => {
      await tx.pendingSubaccounts.remove(entry.name);
      await tx.pendingSubaccounts.add(entry);
    },
  }));

/** Forgotten once settled (not stored: it is settled again at the next look). */
const dropPending = (ctx: SendersContext, entry: PendingSubaccount): Promise<void> =>
  commit(ctx, async () => ({ also: (tx) => tx.pendingSubaccounts.remove(entry.name) }));

type Settled = { kind: 'adopted'; customer: Customer } | { kind: 'absent' } | { kind: 'checking' };

/**
 * A subaccount request whose outcome is unknown: Twilio has a subaccount of that name → it
 * becomes the customer; Twilio has none once the request had time to land → forgotten, so it
 * can be asked again; the look-up fails or it is too soon → still being checked.
 */
export async function settlePendingSubaccount(ctx: SendersContext, entry: PendingSubaccount, { justSent = false } = {}): Promise<Settled> {
  let found: AccountWire[];
  try {
    const customers = await ctx.store.customers.list();
    found = (await ctx.twilio.findSubaccounts(entry.name)).filter((a) => !customers.some((c) => c.accountSid.toLowerCase() === a.sid.toLowerCase()));
  } catch (error) {
    ctx.logger.warn('could not look up a subaccount being created', { name: entry.name, error: problemFrom(error).message });
    return { kind: 'checking' };
  }
  const account = found.at(-1);
  if (account) {
    const result = await record(ctx, entry.name, account.sid, entry.requestedBy, true, undefined, undefined, entry);
    return result.ok ? { kind: 'adopted', customer: result.customer } : { kind: 'checking' };
  }
  const now = ctx.clock.now();
  const recorded = entry.since;
  const since = pastTime(entry, 'since', now);
  // A time recorded while the clock ran ahead was moved to now: kept so, the wait counts from here.
  if (entry.since !== recorded) await keepPending(ctx, entry);
  if (justSent || now - since < SUBACCOUNT_SETTLE_MS) return { kind: 'checking' };
  await dropPending(ctx, entry);
  return { kind: 'absent' };
}

/** A subaccount whose lost answer was settled by a later command: it takes the WABA that command gives. */
async function adoptedWithWaba(ctx: SendersContext, customer: Customer, wabaId: string | undefined, user: string): Promise<CustomerResult> {
  if (!wabaId || customer.wabaId) return { ok: true, customer, waba: customer.wabaId ? { kind: 'given' } : { kind: 'none' } };
  customer.wabaId = wabaId;
  await commit(
    ctx,
    async () => ({
      customers: [customer],
      audit: [{ at: iso(ctx.clock.now()), user, action: 'customer_waba', target: customer.accountSid, detail: `${customer.name}: ${wabaId}` }],
    }),
    { attempts: 1 },
  );
  return { ok: true, customer, waba: { kind: 'given' } };
}

async function record(
  ctx: SendersContext,
  name: string,
  accountSid: string,
  user: string,
  created: boolean,
  wabaId?: string,
  waba: WabaOrigin = { kind: 'none' },
  /** The subaccount request this settles, forgotten with the customer's recording. */
  pending?: PendingSubaccount,
): Promise<CustomerResult> {
  const customer: Customer = {
    id: ctx.newId(),
    name,
    accountSid,
    createdBySlackUser: user,
    createdAt: iso(ctx.clock.now()),
    createdSubaccount: created,
    ...(wabaId ? { wabaId } : {}),
  };
  const detail = wabaId ? `${name}, WABA ${wabaId}` : name;
  try {
    await commit(
      ctx,
      async () => ({
        newCustomers: [customer],
        audit: [{ at: customer.createdAt, user, action: created ? 'customer_create' : 'customer_link', target: accountSid, detail }],
        also: pending && ((tx) => tx.pendingSubaccounts.remove(pending.name)),
      }),
      { attempts: 1 },
    );
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    // A subaccount Twilio made stays remembered as asked for: the same command later takes it instead of making another.
    return { ok: false, problem: notSaved(error, pending ? 'customer_of_new_subaccount' : 'customer') };
  }
  ctx.logger.info('customer added', { customer: name, account: accountSid, newSubaccount: created, waba: wabaId, user });
  return { ok: true, customer, waba };
}

/** The names of every account's customer at once, for lists naming many senders. */
export async function customerNames(ctx: SendersContext): Promise<(accountSid: string) => string> {
  const names = new Map((await ctx.store.customers.list()).map((c) => [c.accountSid, c.name]));
  return (accountSid) => (accountSid === ctx.twilio.mainAccountSid ? 'Main account' : (names.get(accountSid) ?? accountSid));
}

export async function customerNameFor(ctx: SendersContext, accountSid: string): Promise<string> {
  if (accountSid === ctx.twilio.mainAccountSid) return 'Main account';
  return (await ctx.store.customers.byAccount(accountSid))?.name ?? accountSid;
}
