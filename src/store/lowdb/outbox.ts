import { randomBytes } from 'node:crypto';
import type { NewOutboxItem, OutboxBacklog, OutboxRepository } from '../repositories.js';
import { joins } from '../rules/outbox.js';
import type { OutboxItem } from '../schema.js';
import { Collection, copy } from './collection.js';

export class LowdbOutbox extends Collection implements OutboxRepository {
  async enqueue(item: NewOutboxItem, now: number): Promise<OutboxItem> {
    const waiting = this.data.outbox.find((o) => joins(item, o));
    if (waiting) {
      if (item.note !== undefined) await this.replace(waiting, { ...waiting, note: item.note });
      return copy(waiting);
    }
    const stored: OutboxItem = { id: randomBytes(8).toString('hex'), createdAt: new Date(now).toISOString(), attempts: 0, ...copy(item) };
    await this.append('outbox', stored);
    return copy(stored);
  }

  async waiting(): Promise<OutboxItem[]> {
    return this.data.outbox.map(copy);
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    const found = this.data.outbox.find((o) => o.id === id);
    return found && copy(found);
  }

  async find(match: { kind?: OutboxItem['kind']; senderId?: string; runId?: string; onboardingId?: string }): Promise<OutboxItem[]> {
    return this.data.outbox
      .filter(
        (o) =>
          (match.kind === undefined || o.kind === match.kind) &&
          (match.senderId === undefined || o.senderId === match.senderId) &&
          (match.runId === undefined || o.runId === match.runId) &&
          (match.onboardingId === undefined || o.onboardingId === match.onboardingId),
      )
      .map(copy);
  }

  async save(item: OutboxItem): Promise<void> {
    const stored = this.data.outbox.find((o) => o.id === item.id);
    if (stored) await this.replace(stored, item);
  }

  async markSending(id: string, at: string): Promise<void> {
    const stored = this.data.outbox.find((o) => o.id === id);
    if (stored) await this.replace(stored, { ...stored, sendingAt: at });
  }

  async remove(id: string): Promise<void> {
    await this.removeWhere('outbox', (o) => o.id === id);
  }

  async setAside(item: OutboxItem): Promise<void> {
    await this.removeWhere('outbox', (o) => o.id === item.id);
    await this.append('undelivered', copy(item));
  }

  async backlog(): Promise<OutboxBacklog> {
    let oldestAt: number | undefined;
    for (const item of this.data.outbox) {
      const at = Date.parse(item.createdAt);
      if (oldestAt === undefined || at < oldestAt) oldestAt = at;
    }
    return { waiting: this.data.outbox.length, oldestAt, undelivered: this.data.undelivered.length };
  }

  async undelivered(): Promise<OutboxItem[]> {
    return this.data.undelivered.map(copy);
  }
}
