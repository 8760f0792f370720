/** Vitest set-up of the PostgreSQL run: the schemas the file's harnesses made are dropped after it. */
import { afterAll } from 'vitest';
import { dropFreshSchemas } from './pg-schema.js';

afterAll(dropFreshSchemas);
