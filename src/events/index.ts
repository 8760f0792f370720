import type { App } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { onAppHomeOpened } from './app-home.js';

/** Slack events the bot listens to. */
export function registerEvents(app: App, deps: AppDeps): void {
  app.event('app_home_opened', (args) => onAppHomeOpened(deps, args));
}
