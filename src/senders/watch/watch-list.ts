import { iso } from '../../clock.js';
import { isFinished, type SenderRecord } from '../../store/schema.js';
import type { StorageError } from '../../store/storage-error.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type ChannelScope, OUT_OF_SCOPE, UNBOUND } from '../customers/channel-scope.js';
import { onceAtATime } from '../once-at-a-time.js';
import { notSaved, type Problem, problemFrom } from '../outcome.js';
import { notFound, searchAccounts, senderKey, untrackedRecord } from './lookup.js';

export type WatchResult = { ok: true; record: SenderRecord; note: string } | { ok: false; problem: Problem };

/** Adds a sender registered elsewhere (Console, API) to the watch list. */
export async function watchSender(ctx: SendersContext, target: string, user: string, channel: string, scope: ChannelScope = UNBOUND): Promise<WatchResult> {
  const key = senderKey(target);
  if (typeof key !== 'string') return { ok: false, problem: key };
  // One watch at a time, across replicas: the same command twice (or by number and by SID at once) adds one record.
  const busy = (): WatchResult => ({
    ok: false,
    problem: { message: `${key} is already being added to the watch list; see \`${ctx.settings.command} list\` in a moment.` },
  });
  const cannot = (error: StorageError): WatchResult => ({ ok: false, problem: notSaved(error, 'watch') });
  return onceAtATime(ctx, `watch:${key}`, { busy, cannotSave: cannot }, () => watchOnce(ctx, key, user, channel, scope));
}

async function watchOnce(ctx: SendersContext, key: string, user: string, channel: string, scope: ChannelScope): Promise<WatchResult> {
  const known = await ctx.store.senders.findBySidOrPhone(key);
  if (known && !scope.allows(known.accountSid)) return { ok: false, problem: { message: OUT_OF_SCOPE } };
  const now = ctx.clock.now();
  if (known && !isFinished(known)) {
    if (!known.watch?.unwatchedAt)
      return { ok: false, problem: { message: `${known.phoneNumber} is already watched. See \`${ctx.settings.command} status ${known.phoneNumber}\`.` } };
    known.watch.unwatchedAt = undefined;
    known.watch.nextCheckAt = iso(now);
    await commit(ctx, async () => ({ senders: [known], audit: [{ at: iso(now), user, action: 'watch', target: known.phoneNumber }] }), { attempts: 1 });
    return { ok: true, record: known, note: 'Watching it again.' };
  }
  try {
    const found = await searchAccounts(ctx, key, scope);
    if (!found) return { ok: false, problem: scope.customer ? { message: OUT_OF_SCOPE } : notFound(key) };
    const tracked = found.wire.sid ? await ctx.store.senders.findBySidOrPhone(found.wire.sid) : undefined;
    if (tracked && !isFinished(tracked)) {
      return { ok: false, problem: { message: `${tracked.phoneNumber} is already watched. See \`${ctx.settings.command} status ${tracked.phoneNumber}\`.` } };
    }
    const record = { ...untrackedRecord(ctx, found.accountSid, found.wire), id: ctx.newId(), path: 'watched' as const, requestedBy: user, slack: { channel } };
    record.customerId = (await ctx.store.customers.byAccount(found.accountSid))?.id;
    await commit(ctx, async () => ({ newSenders: [record], audit: [{ at: iso(now), user, action: 'watch', target: record.phoneNumber, detail: record.sid }] }));
    return { ok: true, record, note: 'The bot now watches it and posts its changes in this thread.' };
  } catch (error) {
    return { ok: false, problem: problemFrom(error) };
  }
}

export async function unwatchSender(ctx: SendersContext, target: string, user: string, scope: ChannelScope = UNBOUND): Promise<WatchResult> {
  const key = senderKey(target);
  if (typeof key !== 'string') return { ok: false, problem: key };
  const record = await ctx.store.senders.findBySidOrPhone(key);
  if (record && !scope.allows(record.accountSid)) return { ok: false, problem: { message: OUT_OF_SCOPE } };
  if (!record || record.watch?.unwatchedAt)
    return { ok: false, problem: { message: `The bot does not watch ${key}. \`${ctx.settings.command} list\` shows the senders it watches.` } };
  const now = ctx.clock.now();
  record.watch ??= { nextCheckAt: iso(now), unchangedChecks: 0 };
  record.watch.unwatchedAt = iso(now);
  await commit(ctx, async () => ({ senders: [record], audit: [{ at: iso(now), user, action: 'unwatch', target: record.phoneNumber }] }), { attempts: 1 });
  return {
    ok: true,
    record,
    note: `No more checks or alerts for ${record.phoneNumber}. \`${ctx.settings.command} watch ${record.phoneNumber}\` brings it back.`,
  };
}
