import type { StatusPoller } from './jobs/poller.js';
import type { Logger } from './logger.js';
import type { SendersContext } from './senders/context.js';
import type { WatchSettings } from './senders/watch-schedule.js';

/** What every listener receives besides Bolt's own arguments. */
export interface AppDeps {
  senders: SendersContext;
  logger: Logger;
  slashCommand: string;
  poller: StatusPoller;
  watchSettings: WatchSettings;
}
