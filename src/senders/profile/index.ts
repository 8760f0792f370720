export { changeNote, fieldName, shownUrl } from './change-note.js';
export { CURRENT_PROFILE_TIMEOUT_MS, currentProfile } from './current-profile.js';
export { emailsOnTheWire, entryText, entryValues, labelledEntry, splitEntries, websitesOnTheWire } from './labels.js';
export { checkLogoUrl, LOGO_RULES, type LogoCheckOptions, type LogoRule, type LogoVerdict, logoCheckOf } from './logo-check.js';
export { checkProfileForm, type ProfileFormCheck } from './profile-form.js';
export {
  currentValues,
  EDITABLE_FIELDS,
  type EditableField,
  type FieldValue,
  PROFILE_FIELDS,
  type ProfileChange,
  type ProfileUpdateOptions,
  type ProfileUpdateResult,
  profileChanges,
  profileUpdateRefusal,
  updateBodyFor,
  updateProfile,
  type WantedValues,
  WEBHOOK_FIELDS,
} from './update-profile.js';
