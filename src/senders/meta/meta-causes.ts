import type { GraphNumber, GraphWaba } from '../../meta/meta-view.js';
import type { MetaHealthError, MetaIncident, SenderRecord } from '../../store/schema.js';
import { isOnlineStatus } from '../watch/alert-decisions.js';

/** A cause Meta reports now, before it is an incident: what it is, in Meta's words, and the numbers it concerns. */
export type MetaCause = Pick<MetaIncident, 'cause' | 'entity' | 'code' | 'description' | 'solution' | 'numbers'>;

/** The entities whose restriction holds back every number of the WABA. */
const ACCOUNT_ENTITIES = new Set(['WABA', 'BUSINESS', 'APP']);

/** Account review states that stop the WABA; PENDING and APPROVED do not. */
const REVIEW_REFUSED = new Set(['REJECTED']);
const VERIFICATION_REFUSED = new Set(['rejected', 'failed']);

const blocked = (canSend: string | undefined): boolean => canSend === 'BLOCKED' || canSend === 'LIMITED';

function errorCause(error: MetaHealthError, numbers: string[], key: string): MetaCause {
  return { cause: key, entity: error.entity, code: error.code, description: error.description, solution: error.solution, numbers };
}

/**
 * What Meta's answer says is wrong now, one cause per key (see MetaIncident.cause): a WABA,
 * business or app restriction shared by every number; a number Meta blocks or limits while
 * Twilio says ONLINE; a display name Meta declined. `senders` are the customer's senders in play.
 */
export function metaIncidentIds(
  senders: readonly SenderRecord[],
  numbers: readonly GraphNumber[],
  waba: GraphWaba,
  /** Causes of open incidents: a number's block stays one until Meta lifts it, even once Twilio no longer says ONLINE. */
  open: ReadonlySet<string> = new Set(),
): MetaCause[] {
  const atMeta = new Map(numbers.map((n) => [n.e164, n]));
  const ours = senders.filter((s) => atMeta.has(s.phoneNumber));
  const everyNumber = ours.map((s) => s.phoneNumber);
  const causes = new Map<string, MetaCause>();
  const add = (cause: MetaCause) => {
    const known = causes.get(cause.cause);
    if (known) known.numbers = [...new Set([...known.numbers, ...cause.numbers])];
    else causes.set(cause.cause, cause);
  };

  // The account's own restriction, as the WABA's health says, and as each number's health repeats it.
  const accountErrors = [waba.health, ...numbers.map((n) => n.health)].flatMap((health) =>
    health && blocked(health.canSend) ? health.errors.filter((e) => ACCOUNT_ENTITIES.has(e.entity)) : [],
  );
  for (const error of accountErrors) add(errorCause(error, everyNumber, `${error.entity}:${error.code ?? 'restricted'}`));
  if (waba.health && blocked(waba.health.canSend) && accountErrors.length === 0) {
    add({
      cause: 'WABA:restricted',
      entity: 'WABA',
      description: `Meta says the WhatsApp account ${waba.health.canSend === 'BLOCKED' ? 'cannot send' : 'is limited'}`,
      numbers: everyNumber,
    });
  }
  if (waba.accountReviewStatus && REVIEW_REFUSED.has(waba.accountReviewStatus)) {
    add({ cause: 'WABA:review', entity: 'WABA', description: 'Meta rejected the WhatsApp account in its review', numbers: everyNumber });
  }
  if (waba.businessVerification && VERIFICATION_REFUSED.has(waba.businessVerification)) {
    add({ cause: 'BUSINESS:verification', entity: 'BUSINESS', description: 'Meta refused the business verification', numbers: everyNumber });
  }

  for (const sender of ours) {
    const number = atMeta.get(sender.phoneNumber)!;
    // A number Meta holds back while Twilio still says ONLINE: the two disagree.
    const key = (code: number | string) => `PHONE_NUMBER:${sender.phoneNumber}:${code}`;
    const disagree = (code: number | string) => isOnlineStatus(sender.status) || open.has(key(code));
    if (number.health && blocked(number.health.canSend)) {
      const own = number.health.errors.filter((e) => e.entity === 'PHONE_NUMBER');
      for (const error of own) if (disagree(error.code ?? 'restricted')) add(errorCause(error, [sender.phoneNumber], key(error.code ?? 'restricted')));
      if (own.length === 0 && !number.health.errors.some((e) => ACCOUNT_ENTITIES.has(e.entity)) && disagree('restricted')) {
        add({
          cause: key('restricted'),
          entity: 'PHONE_NUMBER',
          description: `Meta says the number ${number.health.canSend === 'BLOCKED' ? 'cannot send' : 'is limited'}`,
          numbers: [sender.phoneNumber],
        });
      }
    }
    if (number.nameStatus === 'DECLINED') {
      const decision = sender.meta?.nameDecision;
      const reason = decision?.decision === 'REJECTED' ? decision.reason : undefined;
      const name = number.verifiedName ?? decision?.name ?? sender.profile.name;
      add({
        cause: `NAME:${sender.phoneNumber}`,
        entity: 'NAME',
        description: reason ? `Meta declined the display name “${name}”: ${reason}` : `Meta declined the display name “${name}”`,
        numbers: [sender.phoneNumber],
      });
    }
  }
  return [...causes.values()];
}
