import { describe, expect, it } from 'vitest';
import { ACTION, CALLBACK } from '../../src/views/ids.js';
import { blocksText, buttonIds, record, register } from '../support/flows.js';
import { type Harness, type HarnessOptions, harnessPerTest } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { pollEveryMinute } from '../watcher/support.js';

const PHONE = '+14155550100';
const start = harnessPerTest();

async function onlineWithProfile(options: HarnessOptions = {}): Promise<Harness> {
  const h = await start({ delays: { creatingMs: 1_000, verifyingMs: 60_000, offlineMs: 60_000 }, ...options });
  const { viewId } = await register(h, {
    customer: 'main',
    phone: PHONE,
    name: 'Acme Store',
    about: 'We sell anvils',
    emails: 'help@acme.example',
    callback_url: 'https://hooks.acme.example/in',
  });
  h.clock.advance(1_000);
  await h.submitView(viewId, { code: h.sim.codeSentTo(PHONE) });
  await h.settle();
  await pollEveryMinute(h, 10);
  expect((await record(h, PHONE)).status).toBe('ONLINE');
  return h;
}

/** What Slack sends for a form submitted as it was filled: every input's initial value. */
function asFilled(view: any): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of view.blocks.filter((b: any) => b.type === 'input')) {
    const initial = block.element.initial_value ?? block.element.initial_option?.value;
    if (initial !== undefined) values[block.block_id] = initial;
  }
  return values;
}

const updates = (h: Harness) => h.sim.requestsOf('UpdateChannelsSender');

async function openedForm(h: Harness) {
  await h.settle();
  const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
  return { viewId, view: h.slack.viewFor(viewId) };
}

describe('editing a sender’s profile and webhooks', () => {
  it('/senders profile fills the form from Twilio, sends only the two changed fields, and the thread says who changed what', async () => {
    const h = await onlineWithProfile();
    await h.command('profile +1 415 555 0100');
    const { viewId, view } = await openedForm(h);
    expect(view.callback_id).toBe(CALLBACK.editProfile);
    const filled = asFilled(view);
    expect(filled).toMatchObject({
      'profile.about': 'We sell anvils',
      'profile.emails': 'help@acme.example',
      'webhook.callback_url': 'https://hooks.acme.example/in',
    });

    const before = updates(h).length;
    await h.submitView(viewId, { ...filled, 'profile.about': 'Anvils and more', 'webhook.fallback_url': 'https://backup.acme.example/in' });
    await h.settle();
    expect(
      updates(h)
        .slice(before)
        .map((r) => r.body),
    ).toEqual([{ profile: { about: 'Anvils and more' }, webhook: { fallback_url: 'https://backup.acme.example/in' } }]);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('Twilio took the change');
    expect(h.sim.contractViolations).toEqual([]);

    const thread = h.slack.repliesTo((await record(h, PHONE)).slack!.ts!).map((m) => m.text);
    const note = thread.find((text) => text.includes('changed the sender'));
    expect(note).toContain('<@U0ALICE>');
    expect(note).toContain('About: `We sell anvils` → `Anvils and more`');
    expect(note).toContain('Fallback URL: _(empty)_ → `https://backup.acme.example/in`');
    expect((await stored(h)).audit.at(-1)).toMatchObject({ action: 'profile_update', target: PHONE, user: 'U0ALICE' });

    await h.command(`profile ${PHONE}`);
    const again = await openedForm(h);
    expect(asFilled(again.view)).toMatchObject({ 'profile.about': 'Anvils and more', 'webhook.fallback_url': 'https://backup.acme.example/in' });
  });

  it('a change whose answer was lost is read back from Twilio: applied, it is noted like any other; the person is never told it failed', async () => {
    const h = await onlineWithProfile();
    await h.command(`profile ${PHONE}`);
    const { viewId, view } = await openedForm(h);
    h.sim.dropAfterProcessing(1, 'UpdateChannelsSender');
    await h.submitView(viewId, { ...asFilled(view), 'profile.about': 'Anvils and more' });
    await h.settle();
    expect(h.slack.viewFor(viewId).title.text).toBe('Profile saved');
    expect((await record(h, PHONE)).profile.about).toBe('Anvils and more');
    expect((await stored(h)).audit.at(-1)).toMatchObject({ action: 'profile_update', target: PHONE });
    expect(h.slack.repliesTo((await record(h, PHONE)).slack!.ts!).some((m) => m.text.includes('changed the sender'))).toBe(true);
  });

  it('the Edit profile button opens the same form; submitting it unchanged sends nothing; a bad field is refused with the fix', async () => {
    const h = await onlineWithProfile();
    const r = await record(h, PHONE);
    const message = h.slack.messages.find((m) => m.ts === r.slack?.ts)!;
    expect(buttonIds(message.blocks)).toContain(ACTION.editProfile);
    await h.click(ACTION.editProfile, r.id, { ts: message.ts, channel: message.channel });
    const { viewId, view } = await openedForm(h);
    const before = updates(h).length;

    const refused = await h.submitView(viewId, { ...asFilled(view), 'profile.websites': 'acme.example' });
    expect(refused.body.errors['profile.websites']).toContain('https://');

    await h.submitView(viewId, asFilled(view));
    await h.settle();
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('Nothing to change');
    expect(updates(h).length).toBe(before);
  });

  it('a logo that fails the check is refused with the rule it broke, and nothing is sent', async () => {
    const checked: string[] = [];
    const h = await onlineWithProfile({
      checkLogo: async (url) => {
        checked.push(url);
        return { ok: false, rule: 'not_square', message: 'The logo is 800 × 600: WhatsApp wants a square image (it is shown cropped to a circle).' };
      },
    });
    await h.command(`profile ${PHONE}`);
    const { viewId, view } = await openedForm(h);
    const before = updates(h).length;
    await h.submitView(viewId, { ...asFilled(view), 'profile.logo_url': 'https://cdn.acme.example/wide.png' });
    await h.settle();
    expect(checked).toEqual(['https://cdn.acme.example/wide.png']);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('800 × 600');
    expect(updates(h).length).toBe(before);
  });
});
