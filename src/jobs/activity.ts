/** Counts work in flight (Slack requests being handled, Twilio calls) so the bot can tell when it is idle. */
export class Activity {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];

  get busy(): boolean {
    return this.inFlight > 0;
  }

  async track<T>(work: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.waiters.splice(0)) resolve();
    }
  }

  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
