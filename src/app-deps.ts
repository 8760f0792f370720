import type { Access } from './access.js';
import type { CreateRunner } from './jobs/create-runner.js';
import type { MetaWatcher } from './jobs/meta-watch.js';
import type { OutboxDelivery } from './jobs/outbox.js';
import type { StatusPoller } from './jobs/poller.js';
import type { WorkQueue } from './jobs/work-queue.js';
import type { Logger } from './logger.js';
import type { SendersContext } from './senders/context.js';
import type { OnboardingKit } from './senders/customers/onboarding.js';
import type { WatchSettings } from './senders/watch/schedule.js';
import type { FileDownloader } from './slack/files.js';
import type { RequestDeadline } from './store/deadline.js';

/** What every listener receives besides Bolt's own arguments. */
export interface AppDeps {
  senders: SendersContext;
  logger: Logger;
  slashCommand: string;
  poller: StatusPoller;
  /** Meta's own view of every customer's WABA (set with the system user settings). */
  metaWatch?: MetaWatcher;
  runner: CreateRunner;
  /** Delivers the Slack messages stored for sending (registration messages among them). */
  outbox: OutboxDelivery;
  watchSettings: WatchSettings;
  downloadFile: FileDownloader;
  access: Access;
  /** Listeners' work after the ack, a few at a time. */
  work: WorkQueue;
  /** Embedded Signup: its settings (some may be missing), the link key, Meta's Graph API. */
  onboarding: OnboardingKit;
  /**
   * A Slack request's deps only: when its answer is due. Until then `senders.store` is bounded by
   * it (Store.bounded); work that must go on past the answer whatever happens uses no less.
   */
  ackDeadline?: RequestDeadline;
}
