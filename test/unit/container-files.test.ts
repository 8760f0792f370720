import { spawnSync } from 'node:child_process';
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
    // A Node.js LTS still supported (22 or 24) in both stages; the package itself still runs on Node 20.12 and later.
    expect(froms[0]).toMatch(/^node:(22|24)\S* AS build$/);
    expect(froms[1]).toMatch(/^node:(22|24)\S* AS runtime$/);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(engines).toMatch(/^>=20/);
    expect(steps.some((s) => s.keyword === 'RUN' && s.args.includes('npm ci') && !s.args.includes('--omit=dev'))).toBe(true);
    expect(steps.some((s) => s.keyword === 'RUN' && s.args.includes('npm run build'))).toBe(true);
    expect(runtime.some((s) => s.keyword === 'RUN' && s.args.includes('npm ci --omit=dev'))).toBe(true);
    expect(runtime.some((s) => s.keyword === 'COPY' && s.args === '--from=build /app/dist ./dist')).toBe(true);
  });

  it('keeps the compiler and test tools out of the dependencies the image installs', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const tool of ['typescript', 'tsx', '@types/node', 'vitest', 'yaml', 'fast-check']) {
      expect(pkg.dependencies).not.toHaveProperty(tool);
      expect(pkg.devDependencies).toHaveProperty(tool);
    }
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dependencies?: Record<string, string>; dev?: boolean }> };
    expect(Object.keys(lock.packages['']!.dependencies ?? {}).sort()).toEqual(Object.keys(pkg.dependencies).sort());
    // @types/node stays in the lock without the dev mark: Slack's packages depend on it themselves.
    for (const tool of ['typescript', 'tsx']) expect(lock.packages[`node_modules/${tool}`]?.dev).toBe(true);
  });

  it('runs node dist/main.js itself under tini, as a user other than root, with a health check on /healthz and data/ as a volume', () => {
    expect(JSON.parse(last('ENTRYPOINT')!).slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
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

  it('checks before the bot starts that it can write its data folder, and says how to fix it in one line when not', () => {
    const entrypoint = JSON.parse(last('ENTRYPOINT')!) as string[];
    expect(entrypoint).toHaveLength(3);
    const copied = runtime.find((s) => s.keyword === 'COPY' && s.args.endsWith(` /usr/local/bin/${entrypoint[2]}`));
    expect(copied).toBeDefined();
    const script = read(copied!.args.split(' ')[0]!);
    expect(script).toMatch(/-w "\$folder"/);
    expect(script).toContain('chown');
    expect(script).toContain('exec "$@"');

    const run = (env: Record<string, string>) =>
      spawnSync('sh', [join(ROOT, copied!.args.split(' ')[0]!), 'echo', 'started'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    const refused = run({ DATA_FILE: join(ROOT, 'no-such-folder/db.json') });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/no-such-folder is not writable .*chown/);
    // On PostgreSQL the data folder is not used: the bot starts whatever its state.
    expect(run({ DATA_FILE: join(ROOT, 'no-such-folder/db.json'), DATABASE_URL: 'postgres://db/senders' }).stdout).toBe('started\n');
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
      {
        image?: string;
        build?: string;
        environment?: Record<string, string>;
        depends_on?: any;
        ports?: string[];
        healthcheck?: { test: string[] };
        volumes?: string[];
      }
    >;
    volumes?: Record<string, unknown>;
  };

  it('starts PostgreSQL with a health check and a volume for its data', () => {
    const postgres = compose.services.postgres!;
    expect(postgres.image).toMatch(/^postgres:/);
    expect(postgres.healthcheck).toBeDefined();
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  const bots = Object.entries(compose.services).filter(([, s]) => s.image === 'whatsapp-senders-bot:latest');

  it('starts two replicas of the bot, built here, on that database once it is healthy, each on its own host port', () => {
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

  it('builds the image once, for both replicas', () => {
    const builders = Object.values(compose.services).filter((s) => s.build !== undefined);
    expect(builders).toHaveLength(1);
    expect(builders[0]!.build).toBe('.');
    expect(builders[0]!.image).toBe('whatsapp-senders-bot:latest');
  });

  it('requires POSTGRES_PASSWORD instead of falling back to a default one', () => {
    const text = read('docker-compose.yml');
    expect(text).not.toMatch(/POSTGRES_PASSWORD:-/);
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    for (const [, bot] of bots) expect(bot.environment!.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
  });

  it('checks each replica on /readyz, and gives Slack one URL: Caddy spreading requests over the ready replicas', () => {
    for (const [, bot] of bots) expect(bot.healthcheck!.test.join(' ')).toContain('/readyz');
    const caddy = Object.values(compose.services).find((s) => s.image?.startsWith('caddy:'));
    expect(caddy).toBeDefined();
    expect(caddy!.ports).toEqual(['80:80', '443:443']);
    expect(caddy!.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    const caddyfile = read('Caddyfile');
    const upstreams = /reverse_proxy\s+([^{\n]+)/.exec(caddyfile)![1]!.trim().split(/\s+/);
    expect(upstreams.sort()).toEqual(bots.map(([name]) => `${name}:3000`).sort());
    expect(caddyfile).toMatch(/health_uri\s+\/readyz/);
    // Only what Slack and customers need is public: /metrics stays on the replicas' own ports.
    expect(/@public path ([^\n]+)/.exec(caddyfile)![1]!.split(/\s+/).sort()).toEqual([
      '/favicon.ico',
      '/meta/webhooks',
      '/onboard/*',
      '/slack/events',
      '/voice/*',
    ]);
  });
});
