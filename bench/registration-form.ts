/** The registration modal as a benchmark drives it: opened once, then submitted with many numbers. */
import type { FakeSlack } from '../test/support/fake-slack.js';
import { SIGNING_SECRET, stateValues } from '../test/support/harness.js';
import { type Actor, interactionBody, postSigned, slashCommandBody, viewSubmissionPayload } from '../test/support/slack-requests.js';

export const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };

/** `/senders register`, then the modal the bot opened (it opens it after the ack). */
export async function openRegistrationForm(slack: FakeSlack, botUrl: string): Promise<unknown> {
  const opened = slack.callsOf('views.open').length;
  await postSigned(botUrl, SIGNING_SECRET, slashCommandBody('/senders', 'register', ALICE, slack.responseUrl()));
  for (let waited = 0; slack.callsOf('views.open').length === opened; waited += 10) {
    if (waited > 10_000) throw new Error('the bot did not open the registration modal');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return slack.viewFor(slack.callsOf('views.open').at(-1)!.args.__id);
}

/** A submission of the modal with these values, as Slack sends it. */
export const submissionBody = (view: unknown, values: Record<string, unknown>) =>
  interactionBody(viewSubmissionPayload(view, stateValues(view, values), ALICE));
