import type { ModalView } from '@slack/types';
import { clip, plain, section } from './blocks.js';
import { CALLBACK } from './ids.js';

/** A modal with only a message and a Close button: progress, success or a failure. */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.registering,
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [section(clip(text, 3000))],
  };
}
