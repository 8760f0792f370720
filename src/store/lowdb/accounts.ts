import type { AccountRepository } from '../repositories.js';
import { Collection } from './collection.js';
import { holdersIn } from './waba-holders.js';

export class LowdbAccounts extends Collection implements AccountRepository {
  // Each check-and-set below reads and changes memory with no await between: callers in one
  // process cannot interleave there, so one of them wins.

  async pace(accountSid: string, now?: number): Promise<number | undefined> {
    const { at, moved } = this.paceAt(accountSid, now);
    // Stored with the call (a failed write takes the move back and rejects, as any write does).
    if (moved) await moved;
    return at;
  }

  async takeTurn(accountSid: string, now: number, minIntervalMs: number): Promise<boolean> {
    const { at, moved } = this.paceAt(accountSid, now);
    if (at !== undefined && now < at + minIntervalMs) {
      if (moved) await moved;
      return false;
    }
    await this.setKey('accountPace', accountSid, new Date(now).toISOString());
    return true;
  }

  setPace(accountSid: string, at: number | undefined): Promise<void> {
    return this.setKey('accountPace', accountSid, at === undefined ? undefined : new Date(at).toISOString());
  }

  async waba(accountSid: string): Promise<string | undefined> {
    return this.known(accountSid);
  }

  async wabas(): Promise<Record<string, string>> {
    return { ...this.data.accountWabas };
  }

  async holdersOf(wabaIds: readonly string[]): Promise<Record<string, string>> {
    return wabaIds.length === 0 ? {} : holdersIn(this.data.accountWabas, wabaIds);
  }

  async linkWaba(accountSid: string, wabaId: string): Promise<string> {
    const known = this.known(accountSid);
    if (known) return known;
    await this.setKey('accountWabas', accountSid, wabaId);
    return wabaId;
  }

  private known(accountSid: string): string | undefined {
    return Object.hasOwn(this.data.accountWabas, accountSid) ? this.data.accountWabas[accountSid] : undefined;
  }

  /** The stored pace; one after `now` is moved to `now` at once (`moved`: its write). */
  private paceAt(accountSid: string, now?: number): { at?: number; moved?: Promise<void> } {
    const stored = Object.hasOwn(this.data.accountPace, accountSid) ? this.data.accountPace[accountSid] : undefined;
    if (!stored) return {};
    const at = Date.parse(stored);
    if (now === undefined || !(at > now)) return { at };
    return { at: now, moved: this.setKey('accountPace', accountSid, new Date(now).toISOString()) };
  }
}
