import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { TwilioGateway } from '../twilio/gateway.js';

export interface SendersSettings {
  resendMinMinutes: number;
  maxResends: number;
  /** At most one sender-creating request (registration or resend) per account this often. */
  sendersMinIntervalMs: number;
  /** Bulk runs send one row per display name until Meta has accepted the name. */
  bulkNameFirst: boolean;
}

/** Everything the domain needs, passed in so tests can swap the clock or the gateway. */
export interface SendersContext {
  store: Store;
  twilio: TwilioGateway;
  clock: Clock;
  logger: Logger;
  settings: SendersSettings;
  newId: () => string;
}
