import type { MetaIncident, MetaWabaView } from '../../src/store/schema.js';
import type { MetaAlertInput } from '../../src/views/meta-alerts.js';

/** Meta's incidents as the bot holds them, with Meta's own words, for the message catalogue and the tests of their words. */
export const META_NOW = Date.parse('2026-12-07T12:40:00Z');
export const META_CUSTOMER = { id: 'cust-acme', name: 'Acme Foods' };
export const META_WABA = '104567891234567';
const POSTED = '2026-12-07T10:30:00.000Z';

export const paymentIncident: MetaIncident = {
  id: 'WABA:141006@2026-12-01T10:00:00.000Z',
  cause: 'WABA:141006',
  entity: 'WABA',
  code: 141006,
  description: 'There is an error with the payment method. This will block business initiated conversations.',
  solution: 'There was an error with your payment method. Please add a new payment method to the account.',
  numbers: ['+14155550123', '+447700900123', '+4915112345678'],
  postedAt: POSTED,
};

export const policyIncident: MetaIncident = {
  id: 'BUSINESS:141010@2026-12-01T10:00:00.000Z',
  cause: 'BUSINESS:141010',
  entity: 'BUSINESS',
  code: 141010,
  description: 'The business is restricted for violating WhatsApp Business policies.',
  solution: 'Request a review of the decision in Business Support Home.',
  numbers: ['+14155550123', '+447700900123'],
  postedAt: POSTED,
};

export const verificationIncident: MetaIncident = {
  id: 'BUSINESS:verification@2026-12-01T10:00:00.000Z',
  cause: 'BUSINESS:verification',
  entity: 'BUSINESS',
  description: 'The business failed business verification.',
  numbers: ['+14155550123'],
  postedAt: POSTED,
};

export const numberBlockedIncident: MetaIncident = {
  id: 'PHONE_NUMBER:+14155550123:131031@2026-12-01T10:00:00.000Z',
  cause: 'PHONE_NUMBER:+14155550123:131031',
  entity: 'PHONE_NUMBER',
  code: 131031,
  description: 'Business account has been locked.',
  numbers: ['+14155550123'],
  postedAt: POSTED,
};

export const nameDeclinedIncident: MetaIncident = {
  id: 'NAME:+14155550123@2026-12-01T10:00:00.000Z',
  cause: 'NAME:+14155550123',
  entity: 'NAME',
  description: 'The display name does not match the business name on the website.',
  numbers: ['+14155550123'],
  postedAt: POSTED,
};

/** The alert's input for an incident: every number registered through the bot and ONLINE at Twilio, unless told. */
export const metaAlertInput = (incident: MetaIncident, twilioStatus = 'ONLINE'): MetaAlertInput => ({
  incident,
  customer: META_CUSTOMER,
  wabaId: META_WABA,
  numbers: incident.numbers.map((e164, i) => ({ e164, twilioStatus, senderId: `sender-${i + 1}` })),
  now: META_NOW,
  command: '/senders',
  canSend: 'BLOCKED',
});

export const restrictedWaba: MetaWabaView = {
  checkedAt: '2026-12-07T12:35:00.000Z',
  health: {
    canSend: 'BLOCKED',
    errors: [
      { entity: 'WABA', code: 141006, description: paymentIncident.description, solution: paymentIncident.solution },
      { entity: 'BUSINESS', code: 141010, description: policyIncident.description },
    ],
  },
  accountReviewStatus: 'APPROVED',
  businessVerification: 'verified',
  businessId: '209876543210987',
};
