import { iso } from '../../clock.js';
import type { Reads, Repos } from '../../store/repositories.js';
import { CODE_REQUESTS_PER_NUMBER, type CodeRequestBudget, codeRequestBudget, windowStart } from '../../store/rules/code-requests.js';
import type { CodeRequest, SenderRecord } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import type { Problem } from '../outcome.js';

/** Another request for the number took its last place meanwhile: the unit is taken back, nothing goes out. */
export class CodeRequestsSpentError extends Error {
  constructor(readonly phoneNumber: string) {
    super(`${phoneNumber} has no code request left in Meta's window`);
    this.name = 'CodeRequestsSpentError';
  }
}

/** The number's code requests at `now`, across registrations and accounts. */
export const codeRequestsOf = async (read: Pick<Reads, 'codeRequests'>, phoneNumber: string, now: number): Promise<CodeRequestBudget> =>
  codeRequestBudget(await read.codeRequests.since(phoneNumber, windowStart(now)), now);

/**
 * Counts a code request before it goes out (a crash or a lost answer keeps it counted: Meta may
 * have it). Throws CodeRequestsSpentError, which takes the unit back, when the number has none left.
 */
export async function countCodeRequest(tx: Repos, record: SenderRecord, kind: CodeRequest['kind'], now: number): Promise<string> {
  const request: CodeRequest = { phoneNumber: record.phoneNumber, at: iso(now), senderId: record.id, kind };
  if (!(await tx.codeRequests.record(request, windowStart(now), CODE_REQUESTS_PER_NUMBER))) throw new CodeRequestsSpentError(record.phoneNumber);
  return request.at;
}

/**
 * Takes back a request that never reached Meta (Twilio refused it, or the calls could not be
 * forwarded before it): it asked for no code. A store that cannot take it back leaves it counted,
 * which only holds the next request back sooner.
 */
export async function takeBackCodeRequest(ctx: SendersContext, record: SenderRecord, at: string): Promise<void> {
  await commit(ctx, async () => ({ also: (tx) => tx.codeRequests.forget(record.phoneNumber, record.id, at) })).catch((error: unknown) => {
    if (!(error instanceof StorageError)) throw error;
  });
}

const utc = (at: number): string => `${iso(at).slice(0, 16).replace('T', ' ')} UTC`;

/** The refusal of a request that would lock the number out, with when one is possible again. */
export function codeRequestsSpent(phoneNumber: string, budget: CodeRequestBudget, now: number): Problem {
  return {
    message: `${phoneNumber} already asked Meta for ${budget.used} verification codes in the last 7 days (in any registration), the most Meta allows before it locks the number out of registering; the bot did not ask for another. The next code can be asked for from ${utc(budget.freeAt ?? now)}.`,
    reason: { kind: 'code_requests_spent', at: budget.freeAt ?? now, now },
  };
}

/** What is left after a request, for the answer to the person ("9 code requests left…"). */
export function codeRequestsLeftNote(budget: CodeRequestBudget): string {
  if (budget.left === 0)
    return 'That was the last code request Meta allows for this number in 7 days: make sure the number can take the code before asking again.';
  return `${budget.left} code request${budget.left === 1 ? '' : 's'} left for this number in Meta's 7-day limit.`;
}
