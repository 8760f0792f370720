/**
 * npm run test:stress: the whole suite three times in a row while busy processes keep every
 * core loaded, as on a shared CI machine. Exits non-zero if any run fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const RUNS = Number(process.env.STRESS_RUNS ?? 3);
const burners = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => {
  for (const burner of burners) burner.kill('SIGKILL');
};
process.on('exit', stopBurners);

const results: string[] = [];
for (let run = 1; run <= RUNS; run += 1) {
  const started = Date.now();
  const { status } = spawnSync('npx', ['vitest', 'run'], { stdio: 'inherit', env: process.env });
  results.push(`run ${run}: ${status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
}
stopBurners();
console.log(`\nUnder ${burners.length} busy processes:\n${results.join('\n')}`);
process.exit(results.every((r) => r.includes('passed')) ? 0 : 1);
