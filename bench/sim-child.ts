/** The Twilio simulator in its own process for the benchmark, seeded with senders and their data file. */
import { writeFile } from 'node:fs/promises';
import { TwilioSimulator } from '../src/sandbox/simulator.js';
import { emptyData, type SenderRecord } from '../src/store/schema.js';

const [dataFile, countText, latencyText] = process.argv.slice(2);
const mainAccountSid = process.env.TWILIO_ACCOUNT_SID!;
const sim = new TwilioSimulator({
  mainAccountSid,
  authToken: process.env.TWILIO_AUTH_TOKEN!,
  latencyMs: Number(latencyText),
  checkContract: false,
  delays: { creatingMs: 0, verifyingMs: 10 ** 9, offlineMs: 10 ** 9 },
});
const now = new Date().toISOString();
const data = emptyData();
data.senders = Array.from({ length: Number(countText) }, (_, i): SenderRecord => {
  const phone = `+1415${String(2000000 + i)}`;
  const wire = sim.state.create(mainAccountSid, { sender_id: `whatsapp:${phone}`, profile: { name: `Brand ${i} Store` } });
  return {
    id: `r${i}`,
    sid: wire.sid,
    accountSid: mainAccountSid,
    phoneNumber: phone,
    path: 'external_sms',
    state: 'awaiting_code',
    status: 'PENDING_VERIFICATION',
    statusHistory: [{ status: 'PENDING_VERIFICATION', at: now }],
    profile: { name: `Brand ${i} Store` },
    webhook: {},
    requestedBy: 'U0ALICE',
    createdAt: now,
    updatedAt: now,
    slack: { channel: 'C0ONBOARD', ts: `1700000000.${String(i).padStart(6, '0')}` },
    otp: { codeAttempts: 0, resends: 0, lastCreateAt: now },
    watch: { nextCheckAt: now, unchangedChecks: 0, codeReminderFor: now },
  };
});
await writeFile(dataFile!, JSON.stringify(data));
const url = await sim.start();
process.stdout.write(`ready ${url}\n`);
