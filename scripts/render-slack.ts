/** Renders Block Kit as plain text for a terminal: what a person would read in Slack. */
export function renderBlocks(blocks: any[]): string {
  const lines: string[] = [];
  const t = (s: string) =>
    s
      .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
      .replace(/<@(\w+)>/g, '@$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const b of blocks ?? []) {
    switch (b.type) {
      case 'header':
        lines.push(`## ${b.text.text}`);
        break;
      case 'section':
        if (b.text) lines.push(t(b.text.text));
        if (b.fields) lines.push(b.fields.map((f: any) => t(f.text).replace('\n', ': ')).join('   |   '));
        break;
      case 'context':
        lines.push(`  (${b.elements.map((e: any) => t(e.text ?? '')).join(' ')})`);
        break;
      case 'actions':
        lines.push(b.elements.map((e: any) => (e.text ? `[${e.text.text}]` : `[${e.placeholder?.text ?? 'Choose'} ▾]`)).join(' '));
        break;
      case 'input':
        lines.push(`▸ ${b.label.text}${b.optional ? ' (optional)' : ''}: ${b.element.initial_value ?? b.element.initial_option?.text?.text ?? '____'}`);
        break;
      case 'divider':
        lines.push('────');
        break;
    }
  }
  return lines.join('\n');
}

export function renderView(view: any): string {
  const buttons = [view.submit?.text && `[${view.submit.text}]`, view.close?.text && `[${view.close.text}]`].filter(Boolean).join(' ');
  return `┌ Modal: ${view.title?.text}\n${renderBlocks(view.blocks)
    .split('\n')
    .map((l) => `│ ${l}`)
    .join('\n')}\n└ ${buttons}`;
}
