/**
 * `npm run demo`: the whole journey, offline, against the Twilio simulator, the Meta stand-in
 * and a fake Slack, printing what the bot showed in Slack (and the customer's page) at each step:
 * a new customer onboarded through Embedded Signup first, then its senders registered.
 */
import { ACTION } from '../src/views/ids.js';
import { register } from '../test/support/flows.js';
import { ALERT_CHANNEL, type Harness, startHarness } from '../test/support/harness.js';
import { latestLink, startWithMeta, threadOf } from '../test/support/onboarding.js';
import { customerSignsUp } from './demo-signup.js';
import { renderBlocks, renderView } from './render-slack.js';

const out = (text = '') => process.stdout.write(`${text}\n`);
const step = (title: string) => out(`\n━━━ ${title} ━━━`);

function showReply(h: Harness) {
  const reply = h.slack.responses.at(-1);
  if (reply) out(reply.blocks ? renderBlocks(reply.blocks) : reply.text);
}

async function showChannelMessage(h: Harness, phone: string) {
  const record = (await h.bot.store.senders.findBySidOrPhone(phone))!;
  const message = h.slack.messages.find((m) => m.ts === record.slack?.ts);
  if (message) out(`#onboarding — message from the bot:\n${renderBlocks(message.blocks)}`);
}

async function main() {
  const started = Date.now();
  const { h, meta } = await startWithMeta(
    startHarness,
    {},
    undefined,
    { brand: { name: 'Example ISV', supportEmail: 'onboarding@isv.example' } },
    { systemUser: true },
  );
  try {
    step('/senders customer onboard new "Acme Corp"  (a new customer: its subaccount, then its Embedded Signup link)');
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const acme = (await h.bot.store.customers.list())[0]!;
    const { url, onboarding } = await latestLink(h);
    out(`#onboarding — message from the bot:\n${renderBlocks(h.slack.messages.find((m) => m.ts === onboarding.linkTs)!.blocks)}`);
    h.sim.addNumber(acme.accountSid, '+14155550100', { sms: true, voice: true });

    step("The customer opens the link and finishes Meta's signup with +1 415 555 0100");
    meta.playNext({ kind: 'FINISH', phoneNumber: '+14155550100', verifiedName: 'Acme Corp' });
    out(await customerSignsUp(url, meta));
    await h.settle();
    await h.pollAfter(2_000);
    step('In the thread of the link message');
    for (const reply of threadOf(h, onboarding)) out(`↳ ${renderBlocks(reply.blocks).split('\n').slice(0, 3).join('\n  ')}`);
    out(`Acme Corp's WABA: ${(await h.bot.store.customers.list())[0]!.wabaId}`);

    h.sim.addNumber(acme.accountSid, '+14155550101', { sms: true, voice: true });
    h.sim.addNumber(acme.accountSid, '+14155550102', { sms: false, voice: true });

    step('Path 1: a Twilio number with SMS (+1 415 555 0101)');
    let r = await register(h, { customer: acme.id, phone: '+1 415 555 0101', name: 'Acme Store' });
    out(renderView(r.view));
    await showChannelMessage(h, '+14155550101');

    step("Path 2: a Twilio number with voice only (+1 415 555 0102): the bot answers Meta's call itself");
    r = await register(h, { customer: acme.id, phone: '+1 415 555 0102', name: 'Acme Store' });
    out(renderView(r.view));
    h.clock.advance(2_000);
    out('   … Meta calls the number and reads the code out twice; Twilio hears it and asks the bot; nobody types anything');
    h.sim.voiceCalls.setSpeech('+14155550102', 'words');
    await h.sim.voiceCalls.place('+14155550102');
    await h.settle();
    const called = (await h.bot.store.senders.findBySidOrPhone('+14155550102'))!;
    for (const reply of h.slack.repliesTo(called.slack!.ts!)) out(`↳ ${renderBlocks(reply.blocks).split('\n')[0]}`);

    step('Path 3: a number outside Twilio, by SMS (+44 7911 123456)');
    r = await register(h, { customer: 'main', phone: '+44 7911 123456', name: 'Acme Store' });
    out(renderView(r.view));
    h.clock.advance(2_000);
    out('   … the user mistypes the code');
    const wrong = await h.submitView(r.viewId, { code: '000001' });
    out(`   Slack shows under the code field: "${wrong.body.errors?.code}"`);
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+447911123456') });
    await h.settle();
    out(renderView(h.slack.viewFor(r.viewId)));

    step('Path 4: a number outside Twilio, by voice (+54 11 15 2345-6789, Argentina)');
    r = await register(h, { customer: 'main', phone: '+54 11 15 2345-6789', name: 'Acme Store', method: 'voice' });
    out(renderView(r.view));
    h.clock.advance(2_000);
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+5491123456789') });
    await h.settle();

    step('A number already on WhatsApp (+1 415 555 0110)');
    h.sim.setScenario('+14155550110', 'already_registered');
    r = await register(h, { customer: 'main', phone: '+1 415 555 0110', name: 'Acme Store' });
    out(renderView(r.view));

    step('A sender that stays OFFLINE (+1 415 555 0111)');
    h.sim.setScenario('+14155550111', 'stuck_offline', '63124');
    r = await register(h, { customer: 'main', phone: '+1 415 555 0111', name: 'Acme Store' });
    h.clock.advance(2_000);
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+14155550111') });
    await h.settle();

    step('The status watcher polls every minute for 40 minutes');
    for (let minute = 0; minute < 40; minute += 1) await h.pollAfter(60_000);
    const alerts = h.slack.postedIn(ALERT_CHANNEL).filter((m) => !m.threadTs);
    for (const alert of alerts.filter((a) => a.text.includes('ONLINE')).slice(0, 1)) out(`#alerts — ${renderBlocks(alert.blocks)}`);
    out(`   (${alerts.filter((a) => a.text.includes('is ONLINE')).length} ONLINE alerts in #alerts in all, one per sender)`);

    step('In the thread of +1 415 555 0102, the voice-only number whose code nobody typed');
    const voice = (await h.bot.store.senders.findBySidOrPhone('+14155550102'))!;
    for (const reply of h.slack.repliesTo(voice.slack!.ts!)) out(`↳ ${renderBlocks(reply.blocks).split('\n')[0]}`);
    await showChannelMessage(h, '+14155550102');

    step('#alerts: +1 415 555 0111 has been OFFLINE for 30 minutes');
    const stuck = alerts.find((a) => a.text.includes('stuck OFFLINE'));
    if (stuck) out(renderBlocks(stuck.blocks));

    step('Someone picks "Snooze 4 h" in its Snooze menu');
    const stuckRecord = (await h.bot.store.senders.findBySidOrPhone('+14155550111'))!;
    await h.click(ACTION.snooze, `${stuckRecord.id}|240`, { ts: stuck?.ts ?? '', channel: ALERT_CHANNEL });
    await h.settle();
    showReply(h);

    step('/senders status +1 415 555 0111');
    await h.command('status +1 415 555 0111');
    await h.settle();
    showReply(h);

    step('Later: Meta disables +44 7911 123456, and the quality of +54 9 11 2345-6789 falls to MEDIUM');
    h.sim.state.drop('+447911123456', '63112');
    h.sim.state.setProperties('+5491123456789', { quality_rating: 'MEDIUM' });
    for (let minute = 0; minute < 16; minute += 1) await h.pollAfter(60_000);
    const newAlert = (text: string) => h.slack.postedIn(ALERT_CHANNEL).find((m) => !m.threadTs && m.text.includes(text));
    const drop = newAlert('dropped from ONLINE');
    if (drop) out(`#alerts — ${renderBlocks(drop.blocks)}`);
    const quality = newAlert('quality fell');
    if (quality) out(`\n#alerts — ${renderBlocks(quality.blocks)}`);

    step('/senders rename +1 415 555 0101 Acme Market');
    await h.command('rename +1 415 555 0101 Acme Market');
    await h.settle();
    showReply(h);
    out('   … Meta reviews the name; the watcher keeps polling for 30 minutes');
    for (let minute = 0; minute < 30; minute += 1) await h.pollAfter(60_000);
    const renamed = (await h.bot.store.senders.findBySidOrPhone('+14155550101'))!;
    for (const reply of h.slack.repliesTo(renamed.slack!.ts!).filter((m) => m.text.includes('display name')))
      out(`↳ ${renderBlocks(reply.blocks).split('\n')[0]}`);
    await showChannelMessage(h, '+14155550101');

    step("Meta blocks Acme Corp's WhatsApp account (no payment method) while Twilio still says Online");
    await h.bot.metaWatch?.pollDue();
    const acmeWaba = (await h.bot.store.customers.find('Acme Corp'))!.wabaId!;
    await meta.restrictWaba(acmeWaba, { code: 141006, description: 'No valid payment method is attached to the business account' });
    await meta.webhooksSettled();
    await h.settle();
    out("   … Meta's webhook reaches the bot within seconds; Twilio's status of every Acme Corp sender is still ONLINE");
    const restriction = h.slack.postedIn(ALERT_CHANNEL).find((m) => !m.threadTs && m.text.includes('141006'));
    if (restriction) out(`#alerts — ${renderBlocks(restriction.blocks)}`);
    await showChannelMessage(h, '+14155550101');
    out('   … the customer adds a payment method; Meta lifts the restriction');
    await meta.liftRestriction(acmeWaba);
    await meta.webhooksSettled();
    await h.settle();
    if (restriction) out(`#alerts — the alert is edited: ${h.slack.messages.find((m) => m.ts === restriction.ts)?.text}`);

    step('The App Home tab');
    await h.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
    await h.settle();
    out(renderBlocks(h.slack.callsOf('views.publish').at(-1)!.args.view.blocks));

    step('/senders list');
    await h.command('list');
    await h.settle();
    showReply(h);

    const violations = h.sim.contractViolations;
    out(`\nTwilio contract violations: ${violations.length ? violations.join('; ') : 'none'}`);
    out(`Demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (violations.length) process.exitCode = 1;
  } finally {
    await h.stop();
  }
}

void main();
