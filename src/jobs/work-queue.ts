/**
 * Follow-up work of Slack listeners (what runs after the ack: Twilio calls, answers to the
 * response URL), a few at a time in arrival order. A burst of commands then never slows the acks
 * Slack waits 3 seconds for, nor opens hundreds of requests to Twilio at once.
 *
 * With a gate (the front door: Slack requests still being answered), work waits while acks are
 * being written, and starts once they are, or once it has waited `maxDeferMs`, so a steady stream
 * of requests cannot hold it back forever.
 */
export interface Gate {
  isOpen(): boolean;
  onOpen(listener: () => void): void;
}

const ALWAYS_OPEN: Gate = { isOpen: () => true, onOpen: () => {} };

interface Waiting {
  start: () => void;
  cancel: () => void;
  since: number;
}

/** Work that never started because the bot is stopping. */
export class WorkCancelled extends Error {
  constructor() {
    super('the bot is stopping; this work was not started');
  }
}

/** For listeners: a task cancelled by a stop was already answered by its onCancel. */
export function unlessCancelled(error: unknown): void {
  if (!(error instanceof WorkCancelled)) throw error;
}

export class WorkQueue {
  private readonly waiting: Waiting[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private running = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly concurrency: number,
    private readonly gate: Gate = ALWAYS_OPEN,
    private readonly maxDeferMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    gate.onOpen(() => this.pump());
  }

  /**
   * Runs `task` when a lane is free and the gate lets it; resolves with it. If the bot stops
   * before the task started, `onCancel` runs instead (to tell the person) and run() rejects.
   */
  async run<T>(task: () => Promise<T>, onCancel?: () => Promise<unknown>): Promise<T> {
    await new Promise<void>((start, reject) => {
      const cancel = () => {
        void onCancel?.().catch(() => undefined);
        reject(new WorkCancelled());
      };
      this.waiting.push({ start, cancel, since: this.now() });
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.pump();
      if (this.running === 0 && this.waiting.length === 0) this.wakeIdleWaiters();
    }
  }

  private wakeIdleWaiters(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Tasks waiting for a lane, not counting those running. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Drops every task not yet started (their onCancel runs); those running go on. */
  cancelWaiting(): void {
    for (const waiting of this.waiting.splice(0)) waiting.cancel();
    if (this.running === 0) this.wakeIdleWaiters();
  }

  get busy(): boolean {
    return this.running > 0 || this.waiting.length > 0;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts waiting tasks, oldest first, while lanes are free and the gate is open or the oldest is overdue. */
  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const oldest = this.waiting[0]!;
      const overdueIn = oldest.since + this.maxDeferMs - this.now();
      if (!this.gate.isOpen() && overdueIn > 0) {
        this.wakeIn(overdueIn);
        return;
      }
      this.waiting.shift();
      this.running += 1;
      oldest.start();
    }
  }

  private wakeIn(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }
}
