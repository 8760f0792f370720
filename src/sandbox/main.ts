import { randomBytes } from 'node:crypto';
import { configOrExit, launchBot, loadDotEnv } from '../launch.js';
import { MetaStandIn } from './meta/meta-standin.js';
import { playMetaRestriction } from './meta-restriction-scenario.js';
import { sid } from './sim-state.js';
import { CALL_SPEECHES, type CallSpeech } from './sim-voice-call.js';
import { TwilioSimulator } from './simulator.js';

/** What Twilio hears on Meta's calls in the sandbox: clean digits unless SANDBOX_CALL_SPEECH names another. */
const callSpeech = (value: string | undefined): CallSpeech => CALL_SPEECHES.find((s) => s === value?.trim()) ?? 'digits';

const SANDBOX_META_APP_ID = '100000000000001';
const SANDBOX_META_CONFIG_ID = '200000000000002';
const SANDBOX_SYSTEM_USER_ID = '300000000000003';

/**
 * `npm run sandbox`: the bot against the Twilio simulator, so a team can try every path in
 * real Slack without a Twilio bill. Slack settings come from the environment as usual.
 */
/** Printed as "(generated for this run)", never in full. */
const SECRET_SETTINGS = new Set(['META_APP_SECRET', 'META_SYSTEM_USER_TOKEN', 'META_WEBHOOK_VERIFY_TOKEN']);

/** Fixed, so a sandbox data file kept between runs still names WABAs the simulator knows. */
const SANDBOX_WABAS = { main: '100000000000001', customers: ['100000000000101', '100000000000102', '100000000000103'] };

async function main() {
  loadDotEnv();
  const port = Number(process.env.SANDBOX_TWILIO_PORT ?? 4010);
  const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 1000;
  const mainAccountSid = sid('AC');
  const authToken = randomBytes(16).toString('hex');
  const creatingMs = seconds('SANDBOX_CREATING_SECONDS', 5);
  const sim = new TwilioSimulator({
    mainAccountSid,
    authToken,
    // Meta calls a voice-only number once its sender waits for the code; SANDBOX_CALL_SPEECH is what Twilio hears.
    voiceCalls: { autoCallAfterMs: seconds('SANDBOX_CALL_SECONDS', creatingMs / 1000 + 3), speech: callSpeech(process.env.SANDBOX_CALL_SPEECH) },
    delays: {
      creatingMs,
      verifyingMs: seconds('SANDBOX_VERIFYING_SECONDS', 20),
      offlineMs: seconds('SANDBOX_OFFLINE_SECONDS', 60),
    },
  });
  const url = await sim.start(port);
  // The ISV's own WABA is connected to the main account; customers' WABAs wait to be given to a customer.
  sim.state.linkWaba(mainAccountSid, SANDBOX_WABAS.main);
  for (const wabaId of SANDBOX_WABAS.customers) sim.state.addWaba(wabaId);
  sim.addNumber(mainAccountSid, '+15005550001', { sms: true, voice: true });
  sim.addNumber(mainAccountSid, '+15005550002', { sms: false, voice: true });
  sim.setScenario('+15005550110', 'already_registered');
  sim.setScenario('+15005550111', 'stuck_offline');
  sim.setScenario('+15005550112', 'wrong_code');
  sim.setScenario('+15005550113', 'drops_after_online', '63112');
  sim.setScenario('+15005550114', 'twilio_review', undefined, 5 * 60_000);
  sim.setScenario('+15005550115', 'draft');
  sim.setScenario('+15005550116', 'quality_falls_and_rises');
  sim.setScenario('+15005550117', 'limit_changes');
  sim.setScenario('+15005550118', 'name_declined', undefined, 5 * 60_000);
  sim.setScenario('+15005550119', 'name_registration_failed', undefined, 5 * 60_000);

  // Meta's own view: the ISV's system user, and Meta's webhooks to the bot's PORT.
  const systemUser = { token: `EAA${randomBytes(24).toString('base64url')}`, id: SANDBOX_SYSTEM_USER_ID };
  const meta = new MetaStandIn({
    appId: SANDBOX_META_APP_ID,
    appSecret: randomBytes(16).toString('hex'),
    addWaba: (id) => sim.state.addWaba(id),
    systemUser,
    numbersOf: (wabaId) => sim.state.numbersOfWaba(wabaId),
  });
  await meta.start({ sdk: Number(process.env.SANDBOX_META_PORT ?? 4011), dialog: Number(process.env.SANDBOX_META_DIALOG_PORT ?? 4012) });
  for (const wabaId of [SANDBOX_WABAS.main, ...SANDBOX_WABAS.customers]) meta.knowWaba(wabaId);
  playMetaRestriction(sim.state, meta, seconds('SANDBOX_META_RESTRICT_SECONDS', 120));
  const metaSettings = {
    META_APP_ID: SANDBOX_META_APP_ID,
    META_CONFIG_ID: SANDBOX_META_CONFIG_ID,
    META_APP_SECRET: meta.appSecret,
    META_SDK_URL: meta.sdkUrl,
    META_DIALOG_ORIGIN: meta.dialogOrigin,
    META_GRAPH_URL: meta.graphUrl,
    PUBLIC_URL: process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`,
    META_SYSTEM_USER_TOKEN: systemUser.token,
    META_SYSTEM_USER_ID: systemUser.id,
    META_WEBHOOK_VERIFY_TOKEN: randomBytes(16).toString('hex'),
    // The customer's page names whoever sent the link; the sandbox plays an ISV unless .env names one.
    ISV_NAME: process.env.ISV_NAME || 'Example ISV',
  };
  // SANDBOX_API_KEY=standard plays a Standard API key (refused on /Accounts), =main a Main key.
  const keyKind = process.env.SANDBOX_API_KEY;
  const apiKey = keyKind === 'standard' || keyKind === 'main' ? sim.addApiKey(keyKind) : undefined;
  const config = configOrExit({
    ...metaSettings,
    TWILIO_ACCOUNT_SID: mainAccountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_API_KEY: apiKey?.sid ?? '',
    TWILIO_API_SECRET: apiKey?.secret ?? '',
    TWILIO_BASE_URL: url,
    DATA_FILE: process.env.DATA_FILE ?? 'data/sandbox.json',
  });
  // launchBot stops the bot on SIGTERM/SIGINT and exits; the simulator and the Meta stand-in end with the process.
  const { bot } = await launchBot(config);
  meta.webhookUrl = `http://127.0.0.1:${config.slack.port}/meta/webhooks`;
  const dataIn = bot.store.kind === 'postgres' ? `PostgreSQL at ${bot.store.location}` : config.dataFile;
  process.stdout.write(
    [
      `Twilio simulator on ${url} (main account ${mainAccountSid}); data in ${dataIn}.`,
      'Numbers to try:',
      '  +1 500 555 0001  Twilio number, SMS code (Twilio enters it; no code to type)',
      `  +1 500 555 0002  Twilio number, voice call: Meta calls it and the bot takes the code itself (SANDBOX_CALL_SPEECH=${CALL_SPEECHES.join('|')}; without PUBLIC_URL the code goes to the email given)`,
      '  +1 500 555 0110  already on WhatsApp (error 63110)',
      '  +1 500 555 0111  stays OFFLINE after verification',
      '  +1 500 555 0112  every code is refused',
      '  +1 500 555 0113  comes ONLINE, then drops to OFFLINE ten minutes later (63112)',
      '  +1 500 555 0114  goes through TWILIO_REVIEW (five minutes) after its code',
      '  +1 500 555 0115  stays a DRAFT (alerted at once: it never moves by itself)',
      '  +1 500 555 0116  ONLINE, then its quality falls to MEDIUM, LOW, and rises to HIGH (ten minutes apart)',
      '  +1 500 555 0117  ONLINE, then its messaging limit goes up to 10K and back down to 1K',
      '  +1 500 555 0118  a display-name change (rename) is DECLINED by Meta after five minutes, with its reason (63124)',
      '  +1 500 555 0119  a display-name change is approved, then REGISTRATION_FAILED (Retry goes through)',
      `  +1 500 555 0120  register it for a customer with a WABA: two minutes after it is ONLINE, Meta blocks the WABA (no payment method, 141006) while Twilio still says ONLINE; Meta's webhook brings the alert, and the lift two minutes later resolves it (SANDBOX_META_RESTRICT_SECONDS)`,
      '  any number ONLINE: a rename (display-name change) is reviewed for ten minutes, then APPROVED and COMPLETED a minute later',
      '  any other valid number: Number outside Twilio, SMS code or voice call',
      `WABAs Embedded Signup would have made for customers (one per customer): ${SANDBOX_WABAS.customers.join(', ')}`,
      `  ${config.slashCommand} customer add "Acme Corp" waba ${SANDBOX_WABAS.customers[0]}   (the main account holds WABA ${SANDBOX_WABAS.main})`,
      `Numbers for sale: ${config.slashCommand} numbers search US | GB | MX (+1 415 555 0761 needs an address, 21631; +44 7700 900123 a bundle, 21649)`,
      `The code "sent" to a number: ${url}/__sandbox/phone?number=%2B15005550002`,
      `Meta stand-in: sdk.js and Graph on ${meta.graphUrl}, the signup dialog on ${meta.dialogOrigin}. Onboarding uses:`,
      ...Object.entries(metaSettings)
        .filter(([name]) => !SECRET_SETTINGS.has(name))
        .map(([name, value]) => `  ${name}=${value}`),
      '  META_APP_SECRET, META_SYSTEM_USER_TOKEN, META_WEBHOOK_VERIFY_TOKEN=(generated for this run)',
      `  ${config.slashCommand} customer onboard new "Acme Corp" posts a link to ${metaSettings.PUBLIC_URL}/onboard/…; its Facebook window lets you pick Finish (with a number), Cancel or Error.`,
      `Bot ready: type ${config.slashCommand} help in Slack.`,
      '',
    ].join('\n'),
  );
}

void main();
