import type { Clock } from '../../src/clock.js';

export class ManualClock implements Clock {
  constructor(private t = Date.parse('2026-11-25T12:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
}
