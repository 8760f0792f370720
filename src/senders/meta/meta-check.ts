import { iso } from '../../clock.js';
import type { GraphNumber, GraphWaba, MetaEvent } from '../../meta/meta-view.js';
import type { Customer, MetaNumberView, MetaWabaView, SenderRecord } from '../../store/schema.js';
import { metaIncidentIds } from './meta-causes.js';
import { decideMetaIncidents, type MetaIncidentNews } from './meta-incidents.js';

/** Meta's answer for one WABA, or why there is none (a timeout, a refusal: the last view stays). */
export type MetaAnswer = { numbers: GraphNumber[]; waba: GraphWaba } | { failed: true; problem: string; lasting: boolean };

/** A look that failed for a while only (a timeout, Meta's pause) is tried again this soon, not a whole recheck later. */
const RETRY_SOON_MS = 5 * 60_000;

export interface MetaCheckDecision {
  /** The customer with Meta's view and its incidents: a copy, the one given is left as it was. */
  customer: Customer;
  /** The senders whose Meta view changed (copies): their messages are refreshed. */
  senders: SenderRecord[];
  news: MetaIncidentNews[];
  /** The portfolio's messaging limit changed: one note naming the numbers it covers. */
  limitChange?: { from: string; to: string; numbers: string[] };
  /** Meta refuses the bot now (a revoked token, access taken away): told once per new reason. */
  accessLost?: string;
  /** The answer is older than the view stored meanwhile: the customer is left as it is. */
  stale?: true;
}

/** What a sender's message shows of Meta: compared without the time of the look, so only a change refreshes it. */
const shown = (view: MetaNumberView | undefined) => JSON.stringify(view ? { ...view, checkedAt: undefined } : null);

function numberView(number: GraphNumber, previous: MetaNumberView | undefined, now: number): MetaNumberView {
  const view: MetaNumberView = {
    id: number.id,
    checkedAt: iso(now),
    status: number.status,
    verifiedName: number.verifiedName,
    nameStatus: number.nameStatus,
    newNameStatus: number.newNameStatus,
    nameDecision: previous?.nameDecision,
    codeVerificationStatus: number.codeVerificationStatus,
    quality: number.quality,
    limit: number.limit,
    official: number.official,
    health: number.health,
  };
  return JSON.parse(JSON.stringify(view)) as MetaNumberView;
}

/**
 * Meta's decision on a display name, as its webhook told it (only the webhook gives the reason).
 * Webhooks come late and out of order: an older decision than the one kept changes nothing.
 */
export function applyNameDecisions(record: SenderRecord, events: readonly MetaEvent[]): boolean {
  let changed = false;
  for (const event of events) {
    const decision = event.nameDecision;
    if (!decision || decision.e164 !== record.phoneNumber) continue;
    const kept = record.meta?.nameDecision;
    if (kept && Date.parse(kept.at) >= event.at) continue;
    record.meta ??= { id: '', checkedAt: iso(event.at) };
    record.meta.nameDecision = { decision: decision.decision, name: decision.name, reason: decision.reason, at: iso(event.at) };
    changed = true;
  }
  return changed;
}

/**
 * Decides what a look at Meta means for one customer: each sender's Meta view beside Twilio's
 * status, the WABA's view, the incidents (one per cause) and the portfolio limit's note. Pure:
 * no store, no Meta, no clock but `now`, no words. `senders` are the customer's senders in play.
 */
export function checkMeta(
  given: Customer,
  senders: readonly SenderRecord[],
  answer: MetaAnswer,
  events: readonly MetaEvent[],
  /** When Meta was asked: an answer older than the view stored meanwhile (another look, another replica) changes only name decisions. */
  now: number,
  settings: { recheckMs: number; remindMs: number },
): MetaCheckDecision {
  const customer = structuredClone(given);
  const view: MetaWabaView = customer.meta ?? {};
  customer.meta = view;
  const changedSenders: SenderRecord[] = [];
  for (const sender of senders) {
    const record = structuredClone(sender);
    if (applyNameDecisions(record, events)) changedSenders.push(record);
  }
  const stale = view.checkedAt !== undefined && Date.parse(view.checkedAt) > now;
  if (stale) return { customer: given, senders: changedSenders, news: [], stale: true };
  const withHints = senders.map((s) => changedSenders.find((c) => c.id === s.id) ?? s);
  if ('failed' in answer) {
    view.nextCheckAt = iso(now + (answer.lasting ? settings.recheckMs : Math.min(settings.recheckMs, RETRY_SOON_MS)));
    if (!answer.lasting) return { customer, senders: changedSenders, news: [] };
    const told = view.accessProblem === answer.problem;
    view.accessProblem = answer.problem;
    return { customer, senders: changedSenders, news: [], ...(told ? {} : { accessLost: answer.problem }) };
  }
  view.nextCheckAt = iso(now + settings.recheckMs);
  delete view.accessProblem;
  view.checkedAt = iso(now);
  Object.assign(view, {
    health: answer.waba.health,
    accountReviewStatus: answer.waba.accountReviewStatus,
    businessVerification: answer.waba.businessVerification,
    businessId: answer.waba.businessId,
  });

  const atMeta = new Map(answer.numbers.map((n) => [n.e164, n]));
  const result = new Map(changedSenders.map((r) => [r.id, r]));
  for (const sender of withHints) {
    const number = atMeta.get(sender.phoneNumber);
    if (!number) continue;
    const record = result.get(sender.id) ?? structuredClone(sender);
    const before = shown(sender.meta);
    record.meta = numberView(number, record.meta, now);
    if (shown(record.meta) !== before || result.has(sender.id)) result.set(sender.id, record);
  }

  const covered = withHints.filter((s) => atMeta.has(s.phoneNumber)).map((s) => s.phoneNumber);
  const limit = sharedLimit(answer.numbers);
  const limitChange = limit && view.limit && view.limit !== limit ? { from: view.limit, to: limit, numbers: covered } : undefined;
  if (limit) view.limit = limit;

  const current = withHints.map((s) => result.get(s.id) ?? s);
  const open = new Set((view.incidents ?? []).filter((i) => !i.recoveredAt).map((i) => i.cause));
  // A number Meta no longer lists tells nothing of its block or its name: its incident waits for Meta's word.
  const unlisted = (incident: { entity: string; numbers: string[] }) =>
    (incident.entity === 'PHONE_NUMBER' || incident.entity === 'NAME') && incident.numbers.every((n) => !atMeta.has(n));
  const decided = decideMetaIncidents(view.incidents, metaIncidentIds(current, answer.numbers, answer.waba, open), now, settings.remindMs, unlisted);
  view.incidents = decided.incidents;
  return { customer, senders: [...result.values()], news: decided.news, ...(limitChange ? { limitChange } : {}) };
}

/** The portfolio's limit, shared by its numbers: the value most of them show (numbers still on a tier of their own do not flip it). */
function sharedLimit(numbers: readonly GraphNumber[]): string | undefined {
  const counts = new Map<string, number>();
  for (const number of numbers) if (number.limit) counts.set(number.limit, (counts.get(number.limit) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
