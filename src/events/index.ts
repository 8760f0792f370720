import type { Listen } from '../actions/in-time.js';
import { onAppHomeOpened } from './app-home.js';

/** Slack events the bot listens to. */
export function registerEvents(listen: Listen): void {
  listen.event('app_home_opened', onAppHomeOpened);
}
