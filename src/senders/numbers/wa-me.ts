/**
 * WhatsApp's click-to-chat link for a number (E.164): opening it shows a chat when the number is
 * on WhatsApp already (the app, or another provider), which a registration here cannot take
 * over until it lets go (Twilio's 63110).
 */
export function waMeLink(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  return `https://wa.me/${digits}?text=hi`;
}
