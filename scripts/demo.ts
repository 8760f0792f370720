/**
 * `npm run demo`: the whole registration journey, offline, against the Twilio simulator and a
 * fake Slack, printing what the bot showed in Slack at each step.
 */
import { ACTION } from '../src/views/ids.js';
import { register } from '../test/support/flows.js';
import { startHarness, type Harness } from '../test/support/harness.js';
import { renderBlocks, renderView } from './render-slack.js';

const out = (text = '') => process.stdout.write(`${text}\n`);
const step = (title: string) => out(`\n━━━ ${title} ━━━`);

function showReply(h: Harness) {
  const reply = h.slack.responses.at(-1);
  if (reply) out(reply.blocks ? renderBlocks(reply.blocks) : reply.text);
}

function showChannelMessage(h: Harness, phone: string) {
  const record = h.bot.store.data.senders.find((s) => s.phoneNumber === phone)!;
  const message = h.slack.messages.find((m) => m.ts === record.slack?.ts);
  if (message) out(`#onboarding — message from the bot:\n${renderBlocks(message.blocks)}`);
}

async function main() {
  const started = Date.now();
  const h = await startHarness();
  try {
    step('/senders customer add "Acme Corp"');
    await h.command('customer add "Acme Corp"');
    await h.settle();
    showReply(h);
    const acme = h.bot.store.data.customers[0]!;
    h.sim.addNumber(acme.accountSid, '+14155550101', { sms: true, voice: true });
    h.sim.addNumber(acme.accountSid, '+14155550102', { sms: false, voice: true });

    step('Path 1: a Twilio number with SMS (+1 415 555 0101)');
    let r = await register(h, { customer: acme.id, phone: '+1 415 555 0101', name: 'Acme Store' });
    out(renderView(r.view));
    showChannelMessage(h, '+14155550101');

    step('Path 2: a Twilio number with voice only (+1 415 555 0102)');
    r = await register(h, { customer: acme.id, phone: '+1 415 555 0102', name: 'Acme Store' });
    out(renderView(r.view).split('\n').slice(0, 4).join('\n'));
    out('   … the user adds the email for the voicemail code and presses Register again');
    await h.submitView(r.viewId, { customer: acme.id, phone: '+1 415 555 0102', name: 'Acme Store', voice_email: 'onboarding@isv.example' });
    await h.settle();
    out(renderView(h.slack.viewFor(r.viewId)));
    h.clock.advance(2_000);
    out('   … the voicemail email arrives; the user types the code');
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+14155550102') });
    await h.settle();
    out(renderView(h.slack.viewFor(r.viewId)));

    step('Path 3: a number outside Twilio, by SMS (+44 7911 123456)');
    r = await register(h, { phone: '+44 7911 123456', name: 'Acme Store' });
    out(renderView(r.view));
    h.clock.advance(2_000);
    out('   … the user mistypes the code');
    const wrong = await h.submitView(r.viewId, { code: '000001' });
    out(`   Slack shows under the code field: "${wrong.body.errors?.code}"`);
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+447911123456') });
    await h.settle();
    out(renderView(h.slack.viewFor(r.viewId)));

    step('Path 4: a number outside Twilio, by voice (+54 11 15 2345-6789, Argentina)');
    r = await register(h, { phone: '+54 11 15 2345-6789', name: 'Acme Store', method: 'voice' });
    out(renderView(r.view));
    h.clock.advance(2_000);
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+5491123456789') });
    await h.settle();

    step('A number already on WhatsApp (+1 415 555 0110)');
    h.sim.setScenario('+14155550110', 'already_registered');
    r = await register(h, { phone: '+1 415 555 0110', name: 'Acme Store' });
    out(renderView(r.view));

    step('A sender that stays OFFLINE (+1 415 555 0111)');
    h.sim.setScenario('+14155550111', 'stuck_offline', '63124');
    r = await register(h, { phone: '+1 415 555 0111', name: 'Acme Store' });
    h.clock.advance(2_000);
    await h.submitView(r.viewId, { code: h.sim.codeSentTo('+14155550111') });
    await h.settle();

    step('Ten minutes later: /senders status +1 415 555 0102');
    h.clock.advanceMinutes(10);
    await h.command('status +1 415 555 0102');
    await h.settle();
    showReply(h);

    step('/senders status +1 415 555 0111');
    await h.command('status +1 415 555 0111');
    await h.settle();
    showReply(h);

    step('The channel message of +1 415 555 0111 after "Check status"');
    const stuck = h.bot.store.data.senders.find((s) => s.phoneNumber === '+14155550111')!;
    await h.click(ACTION.recheck, stuck.id, { ts: stuck.slack!.ts!, channel: stuck.slack!.channel });
    await h.settle();
    showChannelMessage(h, '+14155550111');

    step('/senders list');
    for (const s of h.bot.store.data.senders) {
      if (s.state === 'failed') continue;
      await h.command(`status ${s.phoneNumber}`);
      await h.settle();
    }
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
