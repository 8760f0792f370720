import type { AppDeps } from '../app-deps.js';
import { type ChannelScope, OUT_OF_SCOPE } from '../senders/customers/channel-scope.js';
import { senderKey } from '../senders/watch/lookup.js';
import type { SenderRecord } from '../store/schema.js';
import { describeProblem } from '../views/error-guide.js';

/** The sender a command names (a number or an XE sid) among those the bot tracks in this channel's scope, or why not. */
export async function trackedSender(deps: AppDeps, target: string, scope: ChannelScope): Promise<{ record: SenderRecord } | { refusal: string }> {
  const key = senderKey(target);
  if (typeof key !== 'string') return { refusal: describeProblem(key, deps.slashCommand) };
  const record = await deps.senders.store.senders.findBySidOrPhone(key);
  if (record && !scope.allows(record.accountSid)) return { refusal: OUT_OF_SCOPE };
  if (!record) return { refusal: `The bot does not track ${key}. Start watching it first: \`${deps.slashCommand} watch ${key}\`.` };
  return { record };
}
