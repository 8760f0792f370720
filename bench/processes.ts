/** The benchmarks' child processes: the Twilio simulator, and what /proc says about a process. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface SimChild {
  url: string;
  pid: number;
  stop(): void;
}

/** The simulator holding the Twilio side of `senders` seeded senders (bench/seed.ts), answering each request after `latencyMs`. */
export async function startSim(senders: number, latencyMs: number): Promise<SimChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sim-child.ts', String(senders), String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /ready (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

/** The most memory the process has held so far (VmHWM), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time the process has used so far, in ms (user + system; /proc counts in ticks of 10 ms). */
export async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs node with `args` to its end and returns what it printed. */
export async function runChild(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
  return text;
}

export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
