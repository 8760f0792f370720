/** A modal's `state.values` as Slack sends them: block id → action id → the element's value. */
export interface StateValue {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  files?: { url_private_download?: string; url_private?: string; name?: string }[];
}

export type StateValues = Record<string, Record<string, StateValue>>;

/** The one element's value of an input block (a text, or the chosen option), if any. */
export function inputValue(values: StateValues, block: string): string | undefined {
  const entry = values[block] ? Object.values(values[block])[0] : undefined;
  return entry?.value ?? entry?.selected_option?.value ?? undefined;
}

/** The one element's state of an input block. */
export const elementOf = (values: StateValues, block: string): StateValue | undefined => (values[block] ? Object.values(values[block])[0] : undefined);
