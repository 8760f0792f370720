import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { Store } from '../store/repositories.js';
import type { ObserveCall } from './call-outcome.js';

const PREFIX = 'senders_bot_';

/**
 * One read of the store shared by the gauges of a scrape: the registry collects its metrics at
 * once, so the first gauge's read is awaited by the others instead of read again.
 */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= read().finally(() => {
      setImmediate(() => {
        pending = undefined;
      });
    });
    return pending;
  };
}

export interface MetricSources {
  store: Store;
  clock: Clock;
  /** A customer's name for an account SID (the main account has its own). */
  customerOf: (accountSid: string) => Promise<string>;
  /** The bot's version, as package.json gives it. */
  version?: string;
}

/**
 * What the bot shows on `GET /metrics`. One registry per bot, so several bots in one process
 * (tests) never mix their figures. Counts of stored things are read from the store when scraped,
 * in one pass each; requests and polls are counted as they happen.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly pollDuration: Histogram;
  private readonly sendersChecked: Counter;
  private readonly checkFailures: Counter;
  private readonly slackRequests: Counter<'endpoint' | 'outcome' | 'code'>;
  private readonly twilioRequests: Counter<'endpoint' | 'outcome' | 'code'>;
  private readonly lastPoll: Gauge;
  private readonly clock: Clock;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.clock = sources.clock;
    new Gauge({
      name: `${PREFIX}build_info`,
      help: "The bot's version (package.json) and the Node.js version it runs on; always 1",
      labelNames: ['version', 'node_version'],
      registers,
    }).set({ version: sources.version ?? 'unknown', node_version: process.version }, 1);
    collectDefaultMetrics({ register: this.registry });
    const ageSeconds = (at: number) => Math.max(0, (sources.clock.now() - at) / 1000);

    // Gauges of one group share one read of the store per scrape (perScrape).
    const tally = perScrape(() => sources.store.senders.tally());
    new Gauge({
      name: `${PREFIX}senders`,
      help: "Senders stored, by Twilio's status (none before the create is answered) and quality rating",
      labelNames: ['status', 'quality'],
      registers,
      async collect() {
        const { byStatus } = await tally();
        this.reset();
        for (const { status, quality, count } of byStatus.values()) this.set({ status, quality }, count);
      },
    });
    new Gauge({
      name: `${PREFIX}senders_by_state`,
      help: "Senders stored, by the bot's registration state (queued, creating, awaiting_code, verifying, online, failed, abandoned)",
      labelNames: ['state'],
      registers,
      async collect() {
        const { byState } = await tally();
        this.reset();
        for (const [state, count] of byState) this.set({ state }, count);
      },
    });
    const queues = perScrape(async () => {
      const read = await sources.store.senders.createQueues();
      const customers = await Promise.all(read.map((queue) => sources.customerOf(queue.accountSid)));
      return read.map((queue, index) => ({ queue, labels: { account: queue.accountSid, customer: customers[index]! } }));
    });
    new Gauge({
      name: `${PREFIX}create_queue_depth`,
      help: 'Sender creates waiting for their turn, per Twilio account',
      labelNames: ['account', 'customer'],
      registers,
      async collect() {
        const read = await queues();
        this.reset();
        for (const { queue, labels } of read) this.set(labels, queue.depth);
      },
    });
    new Gauge({
      name: `${PREFIX}create_queue_oldest_wait_seconds`,
      help: 'How long the longest-waiting create of each Twilio account has waited',
      labelNames: ['account', 'customer'],
      registers,
      async collect() {
        const read = await queues();
        this.reset();
        for (const { queue, labels } of read) this.set(labels, ageSeconds(queue.oldestQueuedAt));
      },
    });
    const backlog = perScrape(() => sources.store.outbox.backlog());
    new Gauge({
      name: `${PREFIX}outbox_backlog`,
      help: 'Slack messages stored and not yet delivered',
      registers,
      async collect() {
        this.set((await backlog()).waiting);
      },
    });
    new Gauge({
      name: `${PREFIX}outbox_oldest_wait_seconds`,
      help: 'How long the oldest undelivered Slack message has waited (0 when none waits)',
      registers,
      async collect() {
        const { oldestAt } = await backlog();
        this.set(oldestAt === undefined ? 0 : ageSeconds(oldestAt));
      },
    });
    new Gauge({
      name: `${PREFIX}outbox_undelivered`,
      help: 'Slack messages set aside after Slack refused every attempt',
      registers,
      async collect() {
        this.set((await backlog()).undelivered);
      },
    });
    this.pollDuration = new Histogram({
      name: `${PREFIX}poll_duration_seconds`,
      help: 'How long one poll of the due senders took',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.lastPoll = new Gauge({
      name: `${PREFIX}last_poll_completed_timestamp_seconds`,
      help: 'When a poll of the due senders last completed (Unix time; 0 until the first one)',
      registers,
    });
    this.sendersChecked = new Counter({ name: `${PREFIX}poll_senders_checked_total`, help: 'Senders checked with Twilio by polls', registers });
    this.checkFailures = new Counter({
      name: `${PREFIX}poll_check_failures_total`,
      help: 'Sender checks that failed during polls (tried again later)',
      registers,
    });
    this.slackRequests = new Counter({
      name: `${PREFIX}slack_requests_total`,
      help: 'Requests to Slack by method and outcome (ok, error with its code, rate_limited, server_error, timeout, no_answer)',
      labelNames: ['endpoint', 'outcome', 'code'],
      registers,
    });
    this.twilioRequests = new Counter({
      name: `${PREFIX}twilio_requests_total`,
      help: 'Requests to Twilio (each attempt) by endpoint and outcome (ok, error with its code, rate_limited, server_error, timeout, no_answer)',
      labelNames: ['endpoint', 'outcome', 'code'],
      registers,
    });
  }

  readonly slackCall: ObserveCall = ({ endpoint, outcome, code }) => this.slackRequests.inc({ endpoint, outcome, code });

  readonly twilioCall: ObserveCall = ({ endpoint, outcome, code }) => this.twilioRequests.inc({ endpoint, outcome, code });

  /** One poll done: how long it took, how many senders it checked, how many checks failed. */
  readonly pollDone = (poll: { ms: number; checked: number; failures: number }): void => {
    this.lastPoll.set(this.clock.now() / 1000);
    this.pollDuration.observe(poll.ms / 1000);
    this.sendersChecked.inc(poll.checked);
    this.checkFailures.inc(poll.failures);
  };

  /** The exposition text and its content type, for `GET /metrics`. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
