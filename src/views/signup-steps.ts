/**
 * The screens of Meta's Embedded Signup a customer can leave it at (`current_step` of a CANCEL,
 * per Meta's "Embedded Signup Flow Errors"), as the customer would say where they were.
 */
const STEP_WORDS: Record<string, string> = {
  BUSINESS_ACCOUNT_SELECTION: 'while choosing your business portfolio',
  WABA_PHONE_PROFILE_PICKER: 'while choosing your WhatsApp Business Account and phone number',
  WHATSAPP_BUSINESS_PROFILE_SETUP: 'while setting up your WhatsApp Business profile',
  PHONE_NUMBER_SETUP: 'while adding your phone number',
  PHONE_NUMBER_VERIFICATION: 'while verifying your phone number with its code',
  PERMISSIONS: 'while reviewing the permissions',
};

/** Where the customer left the signup, in words; a step Meta has not documented reads as "before the end". */
export const signupStepWords = (step: string | undefined): string =>
  step && Object.hasOwn(STEP_WORDS, step) ? (STEP_WORDS[step] as string) : 'before the end';

/** The same place, told to the ISV's staff about their customer. */
export const signupStepForStaff = (step: string | undefined): string => signupStepWords(step).replace(/\byour\b/g, 'their');
