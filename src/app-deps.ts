import type { Logger } from './logger.js';
import type { SendersContext } from './senders/context.js';

/** What every listener receives besides Bolt's own arguments. */
export interface AppDeps {
  senders: SendersContext;
  logger: Logger;
  slashCommand: string;
}
