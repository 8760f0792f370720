/** Vitest global set-up: compiles the bot as `npm start` does, so process tests run what ships. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './child-bot.js';

export default function setup(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}
