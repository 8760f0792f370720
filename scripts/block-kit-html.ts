/** Renders a bot message's Block Kit as a Slack-like HTML card, for the README's pictures. */

const EMOJI: Record<string, string> = {
  large_green_circle: '🟢',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  large_orange_circle: '🟠',
  white_circle: '⚪',
  black_circle: '⚫',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  warning: '⚠️',
  white_check_mark: '✅',
  x: '❌',
  bell: '🔔',
  mag: '🔍',
  telephone_receiver: '📞',
  speech_balloon: '💬',
  no_entry: '⛔',
  arrow_down: '⬇️',
  arrow_up: '⬆️',
  zzz: '💤',
  raising_hand: '🙋',
  information_source: 'ℹ️',
  pencil2: '✏️',
  link: '🔗',
  wave: '👋',
  tada: '🎉',
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack mrkdwn (already escaped by Slack's rules: &amp; &lt; &gt;) to HTML. */
export function mrkdwnHtml(text: string): string {
  let s = text.replace(/&lt;/g, '\uE001').replace(/&gt;/g, '\uE002').replace(/&amp;/g, '\uE003');
  const links: string[] = [];
  s = s.replace(/<([^|>]+)(?:\|([^>]+))?>/g, (_m, target: string, label?: string) => {
    const dated = /^!date\^\d+\^[^|]*$/.test(target);
    const shown = label ?? target;
    links.push(
      target.startsWith('@')
        ? `<span class="mention">@${escapeHtml(target.slice(1))}</span>`
        : dated || target.startsWith('!')
          ? escapeHtml(shown)
          : `<a>${escapeHtml(shown)}</a>`,
    );
    return `\uE004${links.length - 1}\uE005`;
  });
  s = escapeHtml(s);
  s = s.replace(/```([\s\S]*?)```/g, '<pre>$1</pre>');
  s = s.replace(/`([^`]+)`/g, '<code>$1</code>');
  s = s.replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>');
  s = s.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);
  s = s.replace(/\uE004(\d+)\uE005/g, (_m, i: string) => links[Number(i)] ?? '');
  s = s
    .replace(/\uE001/g, '&lt;')
    .replace(/\uE002/g, '&gt;')
    .replace(/\uE003/g, '&amp;');
  return s.replace(/\n/g, '<br>');
}

const textHtml = (t: { type: string; text: string } | undefined) => (!t ? '' : t.type === 'mrkdwn' ? mrkdwnHtml(t.text) : escapeHtml(t.text));

function elementHtml(e: any): string {
  switch (e.type) {
    case 'button':
      return `<span class="button ${e.style ?? ''}">${escapeHtml(e.text.text)}${e.url ? ' ↗' : ''}</span>`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
      return `<span class="button select">${escapeHtml(e.placeholder?.text ?? e.initial_option?.text?.text ?? 'Choose')} ▾</span>`;
    case 'overflow':
      return '<span class="button overflow">⋯</span>';
    default:
      return '';
  }
}

function blockHtml(b: any): string {
  switch (b.type) {
    case 'header':
      return `<div class="header">${escapeHtml(b.text.text)}</div>`;
    case 'section': {
      const text = b.text ? `<div class="text">${textHtml(b.text)}</div>` : '';
      const fields = b.fields ? `<div class="fields">${b.fields.map((f: any) => `<div>${textHtml(f)}</div>`).join('')}</div>` : '';
      const accessory = b.accessory ? `<div class="accessory">${elementHtml(b.accessory)}</div>` : '';
      return `<div class="section"><div>${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${b.elements.map((e: any) => (e.type === 'image' ? '' : textHtml(e))).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${b.elements.map(elementHtml).join('')}</div>`;
    case 'divider':
      return '<hr>';
    default:
      return '';
  }
}

const STYLE = `
body { margin: 0; background: #fff; font: 15px/1.47 -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; color: #1d1c1d; }
.message { display: flex; gap: 10px; padding: 14px 20px; width: 640px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #1f6f43; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; flex: none; }
.name { font-weight: 900; } .app { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; margin-left: 4px; vertical-align: 2px; }
.time { color: #616061; font-size: 12px; margin-left: 6px; }
.section { display: flex; justify-content: space-between; gap: 12px; margin: 4px 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; margin-top: 4px; }
.context { color: #616061; font-size: 13px; margin: 4px 0; }
.header { font-weight: 900; font-size: 18px; margin: 4px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 2px; }
.button { border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: 700; font-size: 13px; background: #fff; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
a { color: #1264a3; } code { color: #e01e5a; background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 12px; }
.mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; }
hr { border: 0; border-top: 1px solid #ddd; margin: 8px 0; }
`;

/** One Slack message from the bot, as a standalone HTML page. */
export function messagePage(blocks: any[], options: { botName: string; time: string }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>
<div class="message"><div class="avatar">WA</div><div><div><span class="name">${escapeHtml(options.botName)}</span><span class="app">APP</span><span class="time">${escapeHtml(options.time)}</span></div>
${blocks.map(blockHtml).join('\n')}</div></div></body></html>`;
}
