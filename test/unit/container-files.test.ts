import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The Dockerfile's instructions, continuation lines joined, comments left out. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the Dockerfile', () => {
  const steps = instructions(read('Dockerfile'));
  const runtimeStart = steps.map((s) => s.keyword).lastIndexOf('FROM');
  const runtime = steps.slice(runtimeStart);
  const last = (keyword: string) => runtime.filter((s) => s.keyword === keyword).at(-1)?.args;

  it('builds with npm ci and tsc in one stage, and keeps production dependencies only in the image it runs', () => {
    const froms = steps.filter((s) => s.keyword === 'FROM').map((s) => s.args);
    expect(froms).toHaveLength(2);
    expect(froms[0]).toMatch(/^node:20\S* AS build$/);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(engines).toMatch(/^>=20/);
    expect(steps.some((s) => s.keyword === 'RUN' && s.args.includes('npm ci') && !s.args.includes('--omit=dev'))).toBe(true);
    expect(steps.some((s) => s.keyword === 'RUN' && s.args.includes('npm run build'))).toBe(true);
    expect(runtime.some((s) => s.keyword === 'RUN' && s.args.includes('npm ci --omit=dev'))).toBe(true);
    expect(runtime.some((s) => s.keyword === 'COPY' && s.args === '--from=build /app/dist ./dist')).toBe(true);
  });

  it('runs node dist/main.js itself under tini, as a user other than root, with a health check on /healthz and data/ as a volume', () => {
    expect(JSON.parse(last('ENTRYPOINT')!)).toEqual(['/usr/bin/tini', '--']);
    expect(runtime.some((s) => s.keyword === 'RUN' && s.args.includes('install') && s.args.includes('tini'))).toBe(true);
    const cmd = JSON.parse(last('CMD')!) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/main.js');
    const user = last('USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const health = last('HEALTHCHECK')!;
    expect(health).toContain('/healthz');
    expect(health).toMatch(/CMD \[/);
    expect(last('VOLUME')).toContain('/app/data');
    expect(runtime.find((s) => s.keyword === 'ENV')?.args).toContain('DATA_FILE=/app/data/db.json');
  });

  it('leaves secrets and local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<
      string,
      { image?: string; build?: string; environment?: Record<string, string>; depends_on?: any; ports?: string[]; healthcheck?: unknown }
    >;
    volumes?: Record<string, unknown>;
  };

  it('starts PostgreSQL with a health check and a volume for its data', () => {
    const postgres = compose.services.postgres!;
    expect(postgres.image).toMatch(/^postgres:/);
    expect(postgres.healthcheck).toBeDefined();
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('starts two replicas of the bot, built here, on that database once it is healthy, each on its own host port', () => {
    const bots = Object.entries(compose.services).filter(([, s]) => s.build === '.');
    expect(bots).toHaveLength(2);
    for (const [, bot] of bots) {
      const url = new URL(bot.environment!.DATABASE_URL!.replace(/\$\{[^}]*\}/g, 'x'));
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(bot.depends_on.postgres.condition).toBe('service_healthy');
    }
    const hostPorts = bots.map(([, bot]) => bot.ports![0]!.split(':')[0]);
    expect(new Set(hostPorts).size).toBe(2);
  });
});
