import { performance } from 'node:perf_hooks';
import { StorageError } from './storage-error.js';

/**
 * The time by which a Slack request must have its answer (the ack), and what the store did for
 * it. Until the ack, the store seen by the request (Store.bounded) ends every wait by this time,
 * and makes a unit of writes durable only while time is left; once the ack went out the bound is
 * lifted (work after the ack waits as long as any). Measured in real time, whatever the bot's
 * clock says: Slack's 3 seconds are real.
 */
export class RequestDeadline {
  private state: 'open' | 'answered' | 'given_up' = 'open';
  private commitsInFlight = 0;
  private storedSomething = false;

  private constructor(
    private readonly at: number,
    private readonly now: () => number,
  ) {}

  static after(ms: number, now: () => number = () => performance.now()): RequestDeadline {
    return new RequestDeadline(now() + ms, now);
  }

  /** Milliseconds left: Infinity once the answer went out, 0 once past or given up. */
  remainingMs(): number {
    if (this.state === 'answered') return Number.POSITIVE_INFINITY;
    if (this.state === 'given_up') return 0;
    return Math.max(0, this.at - this.now());
  }

  /** Whether store work must end now: past the time (or given up) with no answer given. */
  get passed(): boolean {
    return this.remainingMs() <= 0;
  }

  /** The answer went out: from now on the request's store waits as long as any. */
  answered(): void {
    if (this.state === 'open') this.state = 'answered';
  }

  /**
   * The store is about to make a unit of writes durable (COMMIT, the data file's rename): true
   * when it may (time is left, or the answer went out). The unit then counts as in flight until
   * `endCommit`, and no one may tell the person that nothing was stored.
   */
  beginCommit(): boolean {
    if (this.passed) return false;
    this.commitsInFlight += 1;
    return true;
  }

  endCommit(durable: boolean): void {
    this.commitsInFlight = Math.max(0, this.commitsInFlight - 1);
    if (durable) this.storedSomething = true;
  }

  /**
   * The request has no answer in time and is given up, unless something of it is stored or being
   * stored (then only its own answer may say what happened). True when given up: from then on
   * nothing of the request is made durable, so "nothing was saved" is and stays true.
   */
  giveUp(): boolean {
    if (this.state !== 'open' || this.commitsInFlight > 0 || this.storedSomething) return false;
    this.state = 'given_up';
    return true;
  }
}

/** Storing did not finish before the request's deadline: nothing of it was kept, and nothing of it will be stored later. */
export class DeadlineError extends StorageError {
  constructor(
    where: string,
    private readonly why: string,
  ) {
    super(where, new Error(why));
    this.name = 'DeadlineError';
  }

  override get plainCause(): string {
    return this.why;
  }

  override get remedy(): string {
    return 'check that the storage answers quickly (locks held long, a slow or overloaded disk or database)';
  }
}

/** Resolves once the deadline has passed (at once when it has, never once the answer went out); `cancel` stops waiting. */
export function whenPassed(deadline: RequestDeadline): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const promise = new Promise<void>((resolve) => {
    const check = () => {
      if (cancelled) return;
      const left = deadline.remainingMs();
      if (left <= 0) return resolve();
      if (left === Number.POSITIVE_INFINITY) return;
      timer = setTimeout(check, Math.ceil(left));
    };
    check();
  });
  return {
    promise,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
