import { describe, expect, it } from 'vitest';
import { schemaInUrl } from '../../src/store/postgres/connection.js';

describe('the schema DATABASE_URL names', () => {
  it('is read from the libpq options parameter', () => {
    expect(schemaInUrl('postgres://bot@db:5432/senders?options=-c%20search_path%3Dreplica_a')).toBe('replica_a');
    expect(schemaInUrl('postgres://bot@db:5432/senders?sslmode=require&options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dbots')).toBe('bots');
  });

  it('is left to the default (public) when the URL names none', () => {
    expect(schemaInUrl('postgres://bot@db:5432/senders')).toBeUndefined();
    expect(schemaInUrl('postgres://bot@db:5432/senders?options=-c%20statement_timeout%3D5000')).toBeUndefined();
    expect(schemaInUrl('not a url')).toBeUndefined();
  });
});
