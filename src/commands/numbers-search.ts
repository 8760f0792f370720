import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { type NumberSearch, searchNumbers } from '../senders/numbers/search.js';
import { describeProblem } from '../views/error-guide.js';
import { numbersSearchMessage } from '../views/numbers.js';

export async function showNumbersSearch(deps: AppDeps, search: NumberSearch, respond: RespondFn): Promise<void> {
  const result = await searchNumbers(deps.senders, search);
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: `Could not search Twilio's numbers. ${describeProblem(result.problem, deps.slashCommand)}` });
    return;
  }
  await respond({ response_type: 'ephemeral', ...numbersSearchMessage(search, result.offers, deps.slashCommand) });
}
