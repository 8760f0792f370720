import type { Server } from 'node:http';
import type { Gate } from './work-queue.js';

/**
 * Watches the Slack requests coming in. Open once none is being answered and none has come for
 * `quietMs`: while requests keep arriving (a burst of commands, Slack's retries), follow-up work
 * gated by it leaves the CPU to the acks.
 */
export class FrontDoor implements Gate {
  private answering = 0;
  private lastAnsweredAt = 0;
  private timer?: NodeJS.Timeout;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly quietMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  watch(server: Server): void {
    server.on('request', (_request, response) => {
      this.answering += 1;
      response.once('close', () => {
        this.answering -= 1;
        this.lastAnsweredAt = this.now();
        if (this.answering === 0) this.notifyWhenQuiet(this.quietMs);
      });
    });
  }

  isOpen(): boolean {
    return this.answering === 0 && this.now() - this.lastAnsweredAt >= this.quietMs;
  }

  onOpen(listener: () => void): void {
    this.listeners.push(listener);
  }

  private notifyWhenQuiet(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.isOpen()) for (const listener of this.listeners) listener();
      else if (this.answering === 0) this.notifyWhenQuiet(this.lastAnsweredAt + this.quietMs - this.now());
    }, ms);
  }
}
