import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Gate, WorkQueue } from '../../src/jobs/work-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('WorkQueue', () => {
  it('runs at most its lanes at once, in arrival order, and every task to the end', async () => {
    const queue = new WorkQueue(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        queue.run(async () => {
          started.push(i);
          peak = Math.max(peak, ++running);
          await tick();
          running -= 1;
          return i * 2;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('passes a failure to its caller and goes on with the rest; idle() waits for everything', async () => {
    const queue = new WorkQueue(2);
    const done: string[] = [];
    const failing = queue.run(async () => {
      throw new Error('Twilio said no');
    });
    const others = ['a', 'b', 'c'].map((name) =>
      queue.run(async () => {
        await tick();
        done.push(name);
      }),
    );
    await expect(failing).rejects.toThrow('Twilio said no');
    expect(queue.queued).toBeGreaterThan(0);
    await queue.idle();
    expect(done.sort()).toEqual(['a', 'b', 'c']);
    expect(queue.queued).toBe(0);
    await Promise.all(others);
  });
});

/** A gate the test opens and closes by hand, as the front door does while Slack requests are answered. */
function manualGate(open: boolean) {
  const listeners: Array<() => void> = [];
  const gate: Gate & { set(open: boolean): void } = {
    isOpen: () => open,
    onOpen: (listener) => listeners.push(listener),
    set(next) {
      open = next;
      if (open) for (const listener of listeners) listener();
    },
  };
  return gate;
}

describe('WorkQueue behind a gate', () => {
  afterEach(() => vi.useRealTimers());

  it('holds work while the gate is closed and starts it in arrival order once it opens', async () => {
    const gate = manualGate(false);
    const queue = new WorkQueue(2, gate, 1000);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) => queue.run(async () => void started.push(name)));
    await tick();
    expect(started).toEqual([]);
    expect(queue.queued).toBe(3);
    gate.set(true);
    await Promise.all(tasks);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('starts work that has waited its longest even though the gate stays closed', async () => {
    vi.useFakeTimers();
    const queue = new WorkQueue(2, manualGate(false), 1000);
    const started: string[] = [];
    void queue.run(async () => void started.push('first'));
    await vi.advanceTimersByTimeAsync(600);
    void queue.run(async () => void started.push('second'));
    await vi.advanceTimersByTimeAsync(399);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(600);
    expect(started).toEqual(['first', 'second']);
    await queue.idle();
  });
});
