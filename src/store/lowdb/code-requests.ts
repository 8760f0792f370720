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
    // The file is written whole: a number's requests past the window are not kept.
    while (await this.removeWhere('codeRequests', (r) => r.phoneNumber === request.phoneNumber && !(timeOf(r) >= since)));
    if ((await this.since(request.phoneNumber, since)).length >= max) return false;
    await this.append('codeRequests', copy(request));
    return true;
  }
}
