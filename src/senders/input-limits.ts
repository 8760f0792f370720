/**
 * The longest text each field may hold. Anything longer is refused as too long before any
 * pattern runs on it, so no paste, form field or CSV cell can keep the bot busy.
 */
export const LONGEST = {
  /** Meta's limit for profile.name. */
  displayName: 255,
  /** Typed numbers with spaces, brackets, an extension or a `whatsapp:` prefix fit easily. */
  phone: 64,
  /** RFC 5321's limit for one address. */
  email: 254,
  /** Two addresses and their separators. */
  emailList: 600,
  url: 2000,
  /** Two web addresses and their separators, as the form's field allows. */
  websiteList: 600,
  customer: 100,
  wabaId: 64,
  /** A CSV cell that should hold one short word (sms, voice, POST, PUT). */
  keyword: 20,
  command: 1000,
  code: 64,
} as const;

export const tooLongMessage = (max: number, length: number): string =>
  `This is too long: use at most ${max.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`;
