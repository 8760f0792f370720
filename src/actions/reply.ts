import type { RespondFn } from '@slack/bolt';

/** An answer only the person who clicked sees, under the message they clicked in; never throws. */
export async function replyTo(args: { respond: RespondFn }, text: string): Promise<void> {
  await args.respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
}
