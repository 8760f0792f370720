/**
 * Emails and websites carry an optional label on the wire (`{ email, label }`). People type one
 * as `Label: address`; a colon followed by a space marks the label, so `https://…` alone is not
 * mistaken for one.
 */
export interface Labelled {
  value: string;
  label?: string;
}

export function labelledEntry(typed: string): Labelled {
  const match = /^([^:]+?):\s+(\S.*)$/s.exec(typed.trim());
  if (!match) return { value: typed.trim() };
  return { value: match[2]!.trim(), label: match[1]!.trim() };
}

export const entryText = ({ value, label }: Labelled): string => (label ? `${label}: ${value}` : value);

/** The addresses alone, for the rules that look at them (the display name against the website). */
export const entryValues = (typed: readonly string[] | undefined): string[] => (typed ?? []).map((entry) => labelledEntry(entry).value);

export const emailsOnTheWire = (typed: readonly string[]): { email: string; label?: string }[] =>
  typed.map(labelledEntry).map(({ value, label }) => (label ? { email: value, label } : { email: value }));

export const websitesOnTheWire = (typed: readonly string[]): { website: string; label?: string }[] =>
  typed.map(labelledEntry).map(({ value, label }) => (label ? { website: value, label } : { website: value }));

/**
 * A typed list of emails or websites: entries separated by commas, semicolons or new lines, each
 * `value` or `Label: value`; an entry without a label may also hold several values separated by spaces.
 */
export function splitEntries(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,;\n]+/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry) => (labelledEntry(entry).label ? [entry] : entry.split(/\s+/)));
}
