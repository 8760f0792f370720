/**
 * Follow-up work of Slack listeners (what runs after the ack: Twilio calls, answers to the
 * response URL), a few at a time in arrival order. A burst of commands then never slows the acks
 * Slack waits 3 seconds for, nor opens hundreds of requests to Twilio at once.
 */
export class WorkQueue {
  private readonly waiting: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];
  private running = 0;

  constructor(private readonly concurrency: number) {}

  /** Runs `task` when a lane is free; resolves with it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its lane straight to the next one waiting, so no newcomer slips in between.
    if (this.running < this.concurrency) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else if (--this.running === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Tasks waiting for a lane, not counting those running. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
