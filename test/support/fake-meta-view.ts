import type { GraphNumber, GraphWaba, MetaViewApi } from '../../src/meta/meta-view.js';

type Method = keyof MetaViewApi;

/** A stand-in for Meta's Graph API as the bot's system user sees it: records every call, and fails on demand. */
export class FakeMetaView implements MetaViewApi {
  readonly calls: { method: Method; wabaId: string }[] = [];
  readonly numbersOf = new Map<string, GraphNumber[]>();
  readonly wabas = new Map<string, GraphWaba>();
  private readonly faults = new Map<Method, { error: Error; times: number }>();
  /** Runs inside each call, before it answers: lets a test change the world while Meta is being asked. */
  during?: (method: Method, wabaId: string) => Promise<void> | void;

  /** The next `times` calls of `method` (every one by default) throw `error`. */
  fail(method: Method, error: Error, times = Number.POSITIVE_INFINITY): void {
    this.faults.set(method, { error, times });
  }

  heal(): void {
    this.faults.clear();
  }

  callsOf(method: Method): string[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.wabaId);
  }

  private async call(method: Method, wabaId: string): Promise<void> {
    this.calls.push({ method, wabaId });
    await this.during?.(method, wabaId);
    const fault = this.faults.get(method);
    if (fault && fault.times > 0) {
      fault.times -= 1;
      throw fault.error;
    }
  }

  async assignSystemUser(wabaId: string): Promise<void> {
    await this.call('assignSystemUser', wabaId);
  }

  async subscribeApp(wabaId: string): Promise<void> {
    await this.call('subscribeApp', wabaId);
  }

  async numbers(wabaId: string): Promise<GraphNumber[]> {
    await this.call('numbers', wabaId);
    return this.numbersOf.get(wabaId) ?? [];
  }

  async waba(wabaId: string): Promise<GraphWaba> {
    await this.call('waba', wabaId);
    return this.wabas.get(wabaId) ?? {};
  }
}
