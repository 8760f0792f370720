import type { VerificationMethod, VerificationPath } from '../../store/schema.js';

export interface OwnedNumber {
  sid: string;
  smsCapable: boolean;
}

export interface PathChoice {
  path: VerificationPath;
  method: VerificationMethod;
  needsCode: boolean;
  needsEmail: boolean;
  explanation: string;
}

/** WhatsApp's article on which phone numbers can be registered and take the code. */
export const NUMBER_REQUIREMENTS_URL = 'https://developers.facebook.com/docs/whatsapp/phone-numbers';

/** Meta's code goes by SMS or a call to the number itself: what never gets it there. */
export const CODE_MUST_REACH = `A number behind an IVR (a phone menu), answered by a machine or able only to call out never receives the code: Meta's SMS or call must reach a person or a mailbox. <${NUMBER_REQUIREMENTS_URL}|WhatsApp's phone number requirements>`;

/** Each path's one name, used in every message that names a path. */
export const PATH_NAMES: Record<VerificationPath, string> = {
  twilio_sms: 'Twilio number, SMS code',
  twilio_voice: 'Twilio number, voice call',
  external_sms: 'Number outside Twilio, SMS code',
  external_voice: 'Number outside Twilio, voice call',
  watched: 'Registered outside the bot',
};

/**
 * Which of the four verification paths a number takes. `botAnswersCalls` (PUBLIC_URL set): a
 * voice-only Twilio number's call comes to the bot, which takes the code itself; no mailbox.
 */
export function choosePath(owned: OwnedNumber | undefined, requested: VerificationMethod | undefined, botAnswersCalls = false): PathChoice {
  if (owned?.smsCapable) {
    return {
      path: 'twilio_sms',
      method: 'sms',
      needsCode: false,
      needsEmail: false,
      explanation: `${PATH_NAMES.twilio_sms}: Twilio receives the code and verifies the number by itself. No code to type.`,
    };
  }
  if (owned && botAnswersCalls) {
    return {
      path: 'twilio_voice',
      method: 'voice',
      needsCode: true,
      needsEmail: false,
      explanation: `${PATH_NAMES.twilio_voice}: the number has no SMS, so Meta calls the number with the code. The bot answers the call itself, takes the code and sends it to Twilio; when it is not sure of the code, it posts the call’s recording in the sender’s thread for you to listen to and type. The number’s voice settings are restored afterwards.`,
    };
  }
  if (owned) {
    return {
      path: 'twilio_voice',
      method: 'voice',
      needsCode: true,
      needsEmail: true,
      explanation: `${PATH_NAMES.twilio_voice}: the number has no SMS, so Meta calls the number with the code. The bot points the call to voicemail, which emails the transcription to the address you give; you then type the code. The number’s voice settings are restored afterwards.`,
    };
  }
  if (requested === 'voice') {
    return {
      path: 'external_voice',
      method: 'voice',
      needsCode: true,
      needsEmail: false,
      explanation: `${PATH_NAMES.external_voice}: Meta calls the number and reads out a 6-digit code, which you then type. ${CODE_MUST_REACH}`,
    };
  }
  return {
    path: 'external_sms',
    method: 'sms',
    needsCode: true,
    needsEmail: false,
    explanation: `${PATH_NAMES.external_sms}: Meta texts a 6-digit code to the number, which you then type. ${CODE_MUST_REACH}`,
  };
}
