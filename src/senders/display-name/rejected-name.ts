/** Twilio error codes that say Meta rejected a display name. */
export const REJECTED_NAME_CODES = new Set(['63124', '63060']);
