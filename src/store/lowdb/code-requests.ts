import type { CodeRequestRepository } from '../repositories.js';
import type { CodeRequest } from '../schema.js';
import { Collection, copy } from './collection.js';

const timeOf = (request: CodeRequest): number => Date.parse(request.at);

export class LowdbCodeRequests extends Collection implements CodeRequestRepository {
  async since(phoneNumber: string, since: number): Promise<number[]> {
    return this.data.codeRequests
      .filter((r) => r.phoneNumber === phoneNumber && timeOf(r) >= since)
      .map(timeOf)
      .sort((a, b) => a - b);
  }

  async record(request: CodeRequest, since: number, max: number): Promise<boolean> {
    // Counted and added with no wait between: units running at once cannot both take the last place.
    const ofNumber = (r: CodeRequest) => r.phoneNumber === request.phoneNumber;
    if (this.data.codeRequests.filter((r) => ofNumber(r) && timeOf(r) >= since).length >= max) return false;
    const writes = [this.append('codeRequests', copy(request))];
    // The file is written whole: a number's requests past the window are not kept.
    const stale = (r: CodeRequest) => ofNumber(r) && !(timeOf(r) >= since);
    while (this.data.codeRequests.some(stale)) writes.push(this.removeWhere('codeRequests', stale).then(() => undefined));
    await Promise.all(writes);
    return true;
  }

  async forget(phoneNumber: string, senderId: string, at: string): Promise<void> {
    await this.removeWhere('codeRequests', (r) => r.phoneNumber === phoneNumber && r.senderId === senderId && r.at === at);
  }
}
