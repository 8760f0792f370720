import { describe, expect, it } from 'vitest';
import { RequestDeadline } from '../../src/store/deadline.js';

/** A deadline on a clock the test moves. */
function deadlineIn(ms: number) {
  let now = 1_000;
  const deadline = RequestDeadline.after(ms, () => now);
  return { deadline, pass: (by: number) => (now += by) };
}

describe('a request deadline', () => {
  it('counts down, then lets nothing more be made durable', () => {
    const { deadline, pass } = deadlineIn(2_000);
    expect(deadline.remainingMs()).toBe(2_000);
    pass(1_500);
    expect(deadline.remainingMs()).toBe(500);
    expect(deadline.beginCommit()).toBe(true);
    deadline.endCommit(true);
    pass(600);
    expect(deadline.passed).toBe(true);
    expect(deadline.beginCommit()).toBe(false);
  });

  it('bounds nothing once the answer went out', () => {
    const { deadline, pass } = deadlineIn(100);
    deadline.answered();
    pass(10_000);
    expect(deadline.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(deadline.beginCommit()).toBe(true);
  });

  it('is given up only while nothing of the request is stored or being stored, and then stores nothing more', () => {
    const committing = deadlineIn(100);
    committing.deadline.beginCommit();
    committing.pass(200);
    expect(committing.deadline.giveUp()).toBe(false);

    const stored = deadlineIn(100);
    stored.deadline.beginCommit();
    stored.deadline.endCommit(true);
    expect(stored.deadline.giveUp()).toBe(false);

    const nothing = deadlineIn(100);
    nothing.deadline.beginCommit();
    nothing.deadline.endCommit(false);
    expect(nothing.deadline.giveUp()).toBe(true);
    expect(nothing.deadline.passed).toBe(true);
    expect(nothing.deadline.beginCommit()).toBe(false);
    // A late answer does not lift a request given up.
    nothing.deadline.answered();
    expect(nothing.deadline.remainingMs()).toBe(0);
  });
});
