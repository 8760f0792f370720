/** A Bolt app that only acks, the baseline of the ack-latency benchmark. */
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/senders', async ({ ack }) => ack());
app.view('register_sender', async ({ ack }) => ack());
await app.start(Number(process.env.PORT));
process.stdout.write('bot ready\n');
