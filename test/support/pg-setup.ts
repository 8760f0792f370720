/**
 * Vitest set-up of the PostgreSQL run. After each test (its harnesses stopped by then: hooks of
 * the test file run before these) the schemas it used are emptied for the next one; after the
 * file they are dropped.
 */
import { afterAll, afterEach } from 'vitest';
import { dropFreshSchemas, releaseHarnessSchemas } from './pg-schema.js';

afterEach(releaseHarnessSchemas);
afterAll(dropFreshSchemas);
