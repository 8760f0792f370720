import type { MetaIncident } from '../store/schema.js';
import { META_NAME_RULES } from './alert-cause.js';

/** What someone must do about a Meta incident: each kind has one next step. */
export type MetaFixKind = 'payment' | 'verification' | 'policy' | 'name' | 'number';

export const META_BILLING = 'https://business.facebook.com/billing_hub/';
export const META_SECURITY_CENTER = 'https://business.facebook.com/settings/security';
export const META_BUSINESS_SUPPORT = 'https://business.facebook.com/business-support-home';

/** The WABA's home in WhatsApp Manager. */
export const whatsAppManagerUrl = (wabaId: string): string => `https://business.facebook.com/wa/manage/home/?waba_id=${encodeURIComponent(wabaId)}`;

/** The WABA's numbers in WhatsApp Manager, where Meta says why it blocks one. */
export const whatsAppManagerNumbersUrl = (wabaId: string): string =>
  `https://business.facebook.com/wa/manage/phone-numbers/?waba_id=${encodeURIComponent(wabaId)}`;

/** Meta's codes for a payment problem: no valid payment method, or an unpaid balance. */
const BILLING_CODES = new Set([141006, 131042]);

/**
 * Which fix an incident needs. Billing codes decide; otherwise Meta's own words do, since Meta
 * adds codes without notice (and words 141010 as policy or as verification). A restriction
 * nothing else explains (141010, 368, a rejected account review) is one to appeal.
 */
export function metaFixKind(incident: Pick<MetaIncident, 'cause' | 'entity' | 'code' | 'description' | 'solution'>): MetaFixKind {
  if (incident.entity === 'NAME') return 'name';
  if (incident.code !== undefined && BILLING_CODES.has(incident.code)) return 'payment';
  const words = `${incident.description} ${incident.solution ?? ''}`;
  if (/:verification$/i.test(incident.cause) || /\bverif(y|ied|ication)\b/i.test(words)) return 'verification';
  if (/\b(payment|billing|credit line|invoice)\b/i.test(words)) return 'payment';
  // WhatsApp Manager shows a number's own block and its request for review.
  if (incident.entity === 'PHONE_NUMBER') return 'number';
  return 'policy';
}

export interface MetaNextStep {
  /** The one thing to do now (mrkdwn). */
  next: string;
  link?: { url: string; label: string };
}

/** The next step for each kind of incident, with the page where it is done. */
export function metaNextStep(kind: MetaFixKind, wabaId: string, renameCommand: string | undefined): MetaNextStep {
  switch (kind) {
    case 'payment':
      return {
        next: 'Ask the customer to add or fix the payment method of their business in Meta’s billing settings, then press *Re-check now*.',
        link: { url: META_BILLING, label: 'Billing in Meta Business Settings' },
      };
    case 'verification':
      return {
        next: 'Ask the customer to start or resubmit business verification in Meta Business Settings (Security Center), then press *Re-check now*.',
        link: { url: META_SECURITY_CENTER, label: 'Business verification in Meta Business Settings' },
      };
    case 'policy':
      return {
        next: 'Read Meta’s reason with the customer and, if Meta got it wrong, request a review in Business Support Home; Meta lifts the restriction when the review succeeds.',
        link: { url: META_BUSINESS_SUPPORT, label: 'Business Support Home' },
      };
    case 'name':
      return {
        next: renameCommand
          ? `Choose a name that follows Meta’s display name rules and give it with \`${renameCommand}\`.`
          : 'Choose a name that follows Meta’s display name rules and press *Change display name*.',
        link: META_NAME_RULES,
      };
    case 'number':
      return {
        next: 'Open the number in WhatsApp Manager: it shows why Meta limits it and, for a policy block, the request for review.',
        link: { url: whatsAppManagerNumbersUrl(wabaId), label: 'Phone numbers in WhatsApp Manager' },
      };
  }
}
