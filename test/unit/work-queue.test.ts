import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/jobs/work-queue.js';

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
    const others = ['a', 'b', 'c'].map((name) => queue.run(async () => {
      await tick();
      done.push(name);
    }));
    await expect(failing).rejects.toThrow('Twilio said no');
    expect(queue.queued).toBeGreaterThan(0);
    await queue.idle();
    expect(done.sort()).toEqual(['a', 'b', 'c']);
    expect(queue.queued).toBe(0);
    await Promise.all(others);
  });
});
