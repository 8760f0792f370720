/** Slack's Block Kit limits (see docs: blocks, views, messages); returns every violation found. */
export function blockKitViolations(
  surface: { type?: string; blocks?: any[]; title?: any; submit?: any; close?: any; private_metadata?: string; callback_id?: string; text?: string },
  kind: 'modal' | 'message' | 'home',
): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const blocks = surface.blocks ?? [];
  check(blocks.length <= (kind === 'message' ? 50 : 100), `${blocks.length} blocks`);
  if (kind === 'modal') {
    for (const key of ['title', 'submit', 'close'] as const) if (surface[key]) check(surface[key].text.length <= 24, `${key} over 24 characters`);
    check(Boolean(surface.title), 'modal without title');
    check(!blocks.some((b) => b.type === 'input') || Boolean(surface.submit), 'input without submit');
    check((surface.private_metadata ?? '').length <= 3000, 'private_metadata over 3000');
    check((surface.callback_id ?? '').length <= 255, 'callback_id over 255');
  }
  if (kind === 'message') check((surface.text ?? '').length <= 40_000, 'text over 40000');
  const ids = new Set<string>();
  for (const block of blocks) {
    if (block.block_id) {
      check(block.block_id.length <= 255, 'block_id over 255');
      check(!ids.has(block.block_id), `duplicate block_id ${block.block_id}`);
      ids.add(block.block_id);
    }
    switch (block.type) {
      case 'section':
        check(Boolean(block.text || block.fields), 'section without text or fields');
        if (block.text) check(block.text.text.length <= 3000 && block.text.text.length > 0, 'section text length');
        if (block.fields) {
          check(block.fields.length <= 10, 'more than 10 fields');
          for (const f of block.fields) check(f.text.length <= 2000, 'field over 2000');
        }
        break;
      case 'header':
        check(block.text.type === 'plain_text' && block.text.text.length <= 150, 'header text');
        break;
      case 'context':
        check(block.elements.length <= 10, 'context elements');
        for (const e of block.elements) check((e.text ?? '').length <= 3000, 'context text');
        break;
      case 'actions':
        check(block.elements.length <= 25, 'actions elements');
        for (const e of block.elements) element(e);
        break;
      case 'input':
        check(kind !== 'message', 'input in a message');
        check(block.label.text.length <= 2000, 'label over 2000');
        if (block.hint) check(block.hint.text.length <= 2000, 'hint over 2000');
        element(block.element);
        break;
      case 'divider':
        break;
      default:
        problems.push(`unexpected block type ${block.type}`);
    }
  }
  function element(e: any) {
    check((e.action_id ?? '').length <= 255, 'action_id over 255');
    if (e.type === 'button') {
      check(e.text.text.length <= 75, 'button text over 75');
      check((e.value ?? '').length <= 2000, 'button value over 2000');
    }
    if (e.type === 'plain_text_input' && e.max_length !== undefined) check(e.max_length >= 1 && e.max_length <= 3000, 'max_length out of 1..3000');
    if (e.type === 'plain_text_input' && e.initial_value && e.max_length) check(e.initial_value.length <= e.max_length, 'initial_value over max_length');
    if (e.initial_option) check(e.initial_option.text.text.length <= 75 && e.initial_option.value.length <= 150, 'initial_option text/value too long');
    if (e.placeholder) check(e.placeholder.text.length <= 150, 'placeholder over 150');
    if (e.type === 'external_select') {
      check(!e.options && !e.option_groups, 'external_select with its own options');
      check(e.min_query_length === undefined || e.min_query_length >= 0, 'min_query_length below 0');
    }
    if (e.options) {
      check(e.options.length <= 100, 'over 100 options');
      for (const o of e.options) check(o.text.text.length <= 75 && o.value.length <= 150, 'option text/value too long');
    }
  }
  return problems;
}
