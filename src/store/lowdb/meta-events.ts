import type { MetaEventRepository } from '../repositories.js';
import type { MetaEventSeen } from '../schema.js';
import { Collection } from './collection.js';

export class LowdbMetaEvents extends Collection implements MetaEventRepository {
  async add(key: string, wabaId: string, at: number): Promise<boolean> {
    // Looked up and added with no wait between: units running at once cannot both add the key.
    if (this.data.metaEvents.some((seen) => seen.key === key)) return false;
    await this.append('metaEvents', { key, wabaId, at: new Date(at).toISOString() });
    return true;
  }

  async forgetBefore(cutoff: number): Promise<number> {
    // A time that cannot be read counts as none: such a key is forgotten too.
    const old = (seen: MetaEventSeen) => !(Date.parse(seen.at) >= cutoff);
    const removals: Promise<boolean>[] = [];
    while (this.data.metaEvents.some(old)) removals.push(this.removeWhere('metaEvents', old));
    await Promise.all(removals);
    return removals.length;
  }
}
