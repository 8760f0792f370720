/** The Twilio simulator in its own process for the benchmarks, holding the Twilio side of bench/seed.ts's senders. */
import { TwilioSimulator } from '../src/sandbox/simulator.js';
import { accountCount, MAIN_ACCOUNT_SID, MAIN_AUTH_TOKEN, simAccount, simSender, wabaOf } from './seed.js';

const [countText, latencyText] = process.argv.slice(2);
const count = Number(countText);
const sim = new TwilioSimulator({
  mainAccountSid: MAIN_ACCOUNT_SID,
  authToken: MAIN_AUTH_TOKEN,
  latencyMs: Number(latencyText),
  checkContract: false,
  delays: { creatingMs: 0, verifyingMs: 10 ** 9, offlineMs: 10 ** 9 },
});
// Registrations sent during the benchmark join the main account's WABA.
sim.state.linkWaba(MAIN_ACCOUNT_SID);
const now = Date.now();
for (let account = 0; account < accountCount(count); account++) {
  const created = simAccount(account, now);
  sim.state.accounts.set(created.sid, created);
  sim.state.linkWaba(created.sid, wabaOf(account));
}
for (let i = 0; i < count; i++) {
  const sender = simSender(i);
  sim.state.senders.set(sender.sid, sender);
}
const url = await sim.start();
process.stdout.write(`ready ${url}\n`);
