import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { SharedLooks } from '../../src/jobs/shared-looks.js';

/** Looks that end when the test says, numbered in the order they started. */
function heldLooks() {
  const started: { key: string; end: (value: string) => void; fail: (error: Error) => void }[] = [];
  const looks = new SharedLooks((key: string) => new Promise<string>((end, fail) => started.push({ key, end, fail })));
  return { looks, started };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('shared looks', () => {
  it('answers everyone who asked during a look with one next look that starts after it', async () => {
    const { looks, started } = heldLooks();
    const first = looks.ask('XE1');
    const during = [looks.ask('XE1'), looks.ask('XE1'), looks.ask('XE1')];
    expect(started).toHaveLength(1);
    started[0]!.end('before');
    await flush();
    // The askers during the first look are not given its answer: it started before they asked.
    expect(started).toHaveLength(2);
    started[1]!.end('after');
    expect(await first).toBe('before');
    expect(await Promise.all(during)).toEqual(['after', 'after', 'after']);
  });

  it('shares a look already running with whoever asked before it started', async () => {
    const { looks, started } = heldLooks();
    const askedAt = performance.now() - 1;
    const first = looks.ask('XE1');
    const askedEarlier = looks.ask('XE1', askedAt);
    expect(started).toHaveLength(1);
    started[0]!.end('ONLINE');
    expect([await first, await askedEarlier]).toEqual(['ONLINE', 'ONLINE']);
    expect(started).toHaveLength(1);
  });

  it('answers with a finished look those who asked before it started', async () => {
    const { looks, started } = heldLooks();
    const askedAt = performance.now() - 1;
    const first = looks.ask('XE1');
    started[0]!.end('ONLINE');
    await first;
    expect(await looks.ask('XE1', askedAt)).toBe('ONLINE');
    expect(started).toHaveLength(1);
  });

  it('keeps keys apart, and looks again for whoever asks once all looks ended', async () => {
    const { looks, started } = heldLooks();
    const a = looks.ask('XE1');
    const b = looks.ask('XE2');
    expect(started.map((s) => s.key)).toEqual(['XE1', 'XE2']);
    for (const s of started) s.end(s.key);
    expect([await a, await b]).toEqual(['XE1', 'XE2']);
    const later = looks.ask('XE1');
    expect(started).toHaveLength(3);
    started[2]!.end('later');
    expect(await later).toBe('later');
  });

  it("gives a failed look's error to those who shared it, and the next askers a look of their own", async () => {
    const { looks, started } = heldLooks();
    const first = looks.ask('XE1');
    const second = looks.ask('XE1');
    started[0]!.fail(new Error('Twilio timed out'));
    await expect(first).rejects.toThrow('Twilio timed out');
    await flush();
    started[1]!.fail(new Error('Twilio timed out again'));
    await expect(second).rejects.toThrow('Twilio timed out again');
    const third = looks.ask('XE1');
    expect(started).toHaveLength(3);
    started[2]!.end('ONLINE');
    expect(await third).toBe('ONLINE');
  });
});
