/**
 * The top frames by self time of a V8 .cpuprofile (as `node --cpu-prof` writes it):
 * `npx tsx bench/top-frames.ts <file.cpuprofile> [N] [frame]`. Frames of the same function are
 * summed. With a frame name, the callers of that function instead (four frames up, or DEPTH), by its self time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '20', callersOf] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/top-frames.ts <file.cpuprofile> [N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node: ProfileNode) => {
  const frame = node.callFrame;
  const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
};
const keyOf = (id: number): string => {
  const node = byId.get(id)!;
  if (!callersOf) return name(node);
  if (!node.callFrame.functionName.startsWith(callersOf)) return '(idle)';
  const chain: string[] = [];
  for (let up = parent.get(id); up !== undefined && chain.length < Number(process.env.DEPTH ?? 4); up = parent.get(up)) chain.push(name(byId.get(up)!));
  return chain.join(' < ');
};
const selfUs = new Map<string, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  const key = keyOf(id);
  selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  totalUs += delta;
});
const busyUs = totalUs - (selfUs.get('(idle)') ?? 0);
process.stdout.write(`busy ${(busyUs / 1000).toFixed(0)} ms of ${(totalUs / 1000).toFixed(0)} ms sampled\n`);
process.stdout.write('| self ms | % of busy | frame |\n| --- | --- | --- |\n');
for (const [key, us] of [...selfUs]
  .filter(([k]) => k !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(count)))
  process.stdout.write(`| ${(us / 1000).toFixed(0)} | ${((100 * us) / busyUs).toFixed(1)} | \`${key}\` |\n`);
