import { performance } from 'node:perf_hooks';

const ignore = () => undefined;

/** How long a finished look still answers those who asked before it started. */
const KEEP_FINISHED_MS = 10_000;

interface Look<V> {
  answer: Promise<V>;
  /** performance.now() when the look started. */
  startedAt: number;
  finished: boolean;
  /** The look that starts when this one ends, shared by everyone who asked meanwhile. */
  next?: Promise<V>;
}

/**
 * Fresh answers, shared: every caller gets the answer of a look that started after it asked
 * (`askedAt`, performance.now() when the person asked). The latest look of the key answers if it
 * started later, running or finished; otherwise the caller waits for the next look, which starts
 * once the running one ends and serves everyone who asked meanwhile. A burst of askers costs one
 * or two looks, not one each.
 */
export class SharedLooks<K, V> {
  private readonly looks = new Map<K, Look<V>>();

  constructor(private readonly look: (key: K) => Promise<V>) {}

  ask(key: K, askedAt: number = performance.now()): Promise<V> {
    const latest = this.looks.get(key);
    if (latest && latest.startedAt > askedAt) return latest.answer;
    if (!latest || latest.finished) return this.start(key);
    latest.next ??= latest.answer.then(ignore, ignore).then(() => this.start(key));
    return latest.next;
  }

  private start(key: K): Promise<V> {
    const look: Look<V> = { answer: Promise.resolve(undefined as V), startedAt: performance.now(), finished: false };
    look.answer = this.look(key).finally(() => {
      look.finished = true;
      setTimeout(() => {
        if (this.looks.get(key) === look) this.looks.delete(key);
      }, KEEP_FINISHED_MS).unref();
    });
    this.looks.set(key, look);
    return look.answer;
  }
}
