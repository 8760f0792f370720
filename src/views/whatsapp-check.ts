/**
 * Under the typed number: how to tell whether it is on WhatsApp already (the app, or another
 * provider), before a registration fails with 63110. `link` is its wa.me click-to-chat link.
 */
export const whatsAppCheckText = (link: string): string =>
  `Already on WhatsApp? Open <${link}|${link.replace(/^https:\/\//, '').replace(/\?.*$/, '')}> or save the number in a phone's contacts and search it in WhatsApp: if a chat or profile shows up, the number is registered already, and the registration will fail (63110) until that account is deleted or its provider lets go.`;
