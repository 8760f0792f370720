/**
 * Moves the bot's data from the data file into PostgreSQL: `npm run import-data-file`, with the
 * bot stopped, DATA_FILE naming the file (default data/db.json) and DATABASE_URL the database
 * (its tables are made as at the bot's start). The file is left as it was.
 */
import { loadDotEnv } from '../src/launch.js';
import { createLogger } from '../src/logger.js';
import { SecretRegistry } from '../src/secrets.js';
import { ImportRefusedError, importDataFile } from '../src/store/postgres/import-data-file.js';
import { openPostgresStore } from '../src/store/postgres/store.js';
import { StoreStartError } from '../src/store/start-errors.js';

loadDotEnv();
const file = process.env.DATA_FILE?.trim() || 'data/db.json';
const url = process.env.DATABASE_URL?.trim();
if (!url) {
  process.stderr.write('Set DATABASE_URL to the PostgreSQL database to import into (postgres://user:password@host:5432/name).\n');
  process.exit(1);
}
const password = new URL(url).password;
const logger = createLogger(new SecretRegistry([password && decodeURIComponent(password)]));
try {
  const store = await openPostgresStore(url, { logger, max: 2, statementMs: 600_000 });
  try {
    const counts = await importDataFile(file, store);
    process.stdout.write(
      `Imported ${file} into ${store.location}: ${counts.senders} senders, ${counts.customers} customers, ${counts.bulkRuns} bulk runs, ${counts.outbox} messages to deliver, ${counts.audit} audit entries.\n` +
        'Start the bot with DATABASE_URL set; keep the file as a backup.\n',
    );
  } finally {
    await store.close();
  }
} catch (error) {
  if (error instanceof ImportRefusedError || error instanceof StoreStartError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
