import { describe, expect, it } from 'vitest';
import { choosePath } from '../../src/senders/registration/path.js';

describe('choosing the verification path', () => {
  it('a Twilio number that can receive SMS verifies by itself, whatever was asked', () => {
    expect(choosePath({ sid: 'PN1', smsCapable: true }, 'voice')).toMatchObject({ path: 'twilio_sms', needsCode: false, needsEmail: false });
  });
  it('a Twilio number without SMS goes by voice to voicemail and needs an email', () => {
    expect(choosePath({ sid: 'PN1', smsCapable: false }, 'sms')).toMatchObject({ path: 'twilio_voice', method: 'voice', needsCode: true, needsEmail: true });
  });
  it('a Twilio number without SMS whose call the bot answers itself (PUBLIC_URL) needs no email', () => {
    const choice = choosePath({ sid: 'PN1', smsCapable: false }, 'sms', true);
    expect(choice).toMatchObject({ path: 'twilio_voice', method: 'voice', needsCode: true, needsEmail: false });
    expect(choice.explanation).toContain('The bot answers the call itself');
  });
  it('a number outside Twilio takes SMS by default and voice when asked', () => {
    expect(choosePath(undefined, undefined)).toMatchObject({ path: 'external_sms', method: 'sms', needsCode: true });
    expect(choosePath(undefined, 'voice')).toMatchObject({ path: 'external_voice', method: 'voice', needsCode: true, needsEmail: false });
  });
});
