import { connect } from 'node:net';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The test database's URL when its server accepts connections. Elsewhere the PostgreSQL run is
 * left out with a line saying so; under CI (which starts the server in .ci/run) it never is.
 */
export async function postgresForTests(): Promise<string | undefined> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
  const { hostname, port } = new URL(url);
  const answers = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 5432), timeout: 2_000 });
    const settle = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
  if (answers || process.env.CI) return url;
  console.warn(
    `PostgreSQL at ${hostname}:${port || 5432} does not answer: the end-to-end tests run on the data file only (start it, or set TEST_DATABASE_URL).`,
  );
  return undefined;
}
