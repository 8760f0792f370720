import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { durationText } from '../views/duration-text.js';

/** A Slack that does not answer must not hold the next alert back for long. */
const POST_TIMEOUT_MS = 10_000;

/**
 * Tells people when the data file cannot be written and when it can again: one log line and one
 * message in the alert channel for each change, however many writes failed in between. The
 * messages are posted directly, since the outbox is kept in the data file that cannot be written.
 */
export function alertOnStorageTrouble(store: Store, client: WebClient, logger: Logger, alertChannel: string | undefined, onWorkingAgain: () => void): void {
  let posting = Promise.resolve();
  const post = (text: string) => {
    if (!alertChannel) return;
    posting = posting
      .then(() => postWithin(client, alertChannel, text, POST_TIMEOUT_MS))
      .catch((error: unknown) => {
        logger.warn('could not post the storage alert', { channel: alertChannel, error: (error as Error).message });
      });
  };
  let failingSince = 0;
  store.onHealthChange((health) => {
    if (!health.ok) {
      failingSince = health.since;
      const { problem } = health;
      logger.error('cannot write the data file; retrying every few seconds', {
        file: store.location,
        cause: problem.plainCause,
        todo: problem.remedy,
        error: problem.message,
      });
      post(
        `:rotating_light: *The bot cannot save its data:* writing ${store.location} fails because ${problem.plainCause}. Please ${problem.remedy}. ` +
          'Until then new registrations are refused (nothing is sent to Twilio for them) and queued work waits; the bot keeps trying by itself and says here when it works again.',
      );
      return;
    }
    logger.info('the data file can be written again', { file: store.location });
    post(
      `:white_check_mark: *Storage works again:* ${store.location} can be written again (it could not for ${durationText(Date.now() - failingSince)}). Registrations are taken again and queued work goes on.`,
    );
    onWorkingAgain();
  });
}

async function postWithin(client: WebClient, channel: string, text: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Slack did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([client.chat.postMessage({ channel, text }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
