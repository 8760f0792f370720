import type { Problem, ProblemReason } from '../senders/outcome.js';
import { notSavedText } from './cannot-save.js';
import { durationText } from './duration-text.js';
import { slackTime } from './time-text.js';

/** The words for a problem the domain gave a reason for: the cause, and the next step. */
export function reasonText(problem: Problem, reason: ProblemReason): string {
  switch (reason.kind) {
    case 'not_saved':
      return notSavedText(problem.message, reason.undone, reason.command);
    case 'resend_wait': {
      const minutes = Math.ceil((reason.at - reason.now) / 60_000);
      return `${problem.message} You can resend in about ${minutes} min (${slackTime(reason.at, reason.now)}). Codes can take a few minutes to arrive.`;
    }
    case 'account_wait':
      return `${problem.message} You can resend from about ${slackTime(reason.at, reason.now)}.`;
    case 'update_wait':
      return `${problem.message} Nothing was sent; submit the change again from about ${slackTime(reason.at, reason.now)}.`;
    case 'resend_unconfirmed':
      return `Twilio did not confirm the resend (${problem.message}); a new code may still arrive. Wait for it; you can resend again from about ${slackTime(reason.at, reason.now)}.`;
    case 'code_requests_spent':
      return `${problem.message} That is in ${durationText(reason.at - reason.now)}; meanwhile make sure the number can take the code (not behind an IVR or answering machine, not outbound-only).`;
  }
}
