import { type BulkRunRepository, DuplicateIdError, StaleRecordError } from '../repositories.js';
import type { BulkRun } from '../schema.js';
import { Collection, copy } from './collection.js';

export class LowdbBulkRuns extends Collection implements BulkRunRepository {
  async get(id: string): Promise<BulkRun | undefined> {
    const found = this.data.bulkRuns.find((r) => r.id === id);
    return found && copy(found);
  }

  async list(options: { excludePreviews?: boolean; channel?: string } = {}): Promise<BulkRun[]> {
    return this.data.bulkRuns
      .filter((r) => !(options.excludePreviews && r.state === 'previewing') && (options.channel === undefined || r.channel === options.channel))
      .map(copy);
  }

  async inStates(states: readonly BulkRun['state'][]): Promise<BulkRun[]> {
    return this.data.bulkRuns.filter((r) => states.includes(r.state)).map(copy);
  }

  async insert(run: BulkRun): Promise<void> {
    if (this.data.bulkRuns.some((r) => r.id === run.id)) throw new DuplicateIdError('bulkRuns', run.id);
    const saving = this.append('bulkRuns', copy({ ...run, version: 1 }));
    this.setVersion(run, 1);
    await saving;
  }

  async save(run: BulkRun): Promise<void> {
    const stored = this.data.bulkRuns.find((r) => r.id === run.id);
    if (!stored || (stored.version ?? 0) !== (run.version ?? 0)) throw new StaleRecordError('bulkRuns', run.id, run.version, stored?.version);
    const version = (run.version ?? 0) + 1;
    const saving = this.replace(stored, { ...run, version });
    this.setVersion(run, version);
    await saving;
  }

  async discardPreviewsOf(user: string): Promise<void> {
    const before = this.data.bulkRuns;
    const kept = before.filter((r) => !(r.state === 'previewing' && r.createdBy === user));
    if (kept.length === before.length) return;
    this.data.bulkRuns = kept;
    this.unit.undoable(() => {
      // The discarded previews come back in their places; what changed in the list since stays.
      const current = this.data.bulkRuns;
      this.data.bulkRuns = [...before.filter((r) => !kept.includes(r) || current.includes(r)), ...current.filter((r) => !before.includes(r))];
    });
    await this.unit.done();
  }
}
