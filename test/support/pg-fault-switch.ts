import { quoteIdentifier } from '../../src/store/postgres/connection.js';

/**
 * A full disk, as the server reports it: while the switch is on, every write to the schema's
 * tables fails with SQLSTATE 53100 when it commits (deferred triggers); reads go on working.
 */
export const faultSwitch = (schema: string) => {
  const s = quoteIdentifier(schema);
  return `
    CREATE TABLE ${s}.fault_switch (failing boolean NOT NULL);
    INSERT INTO ${s}.fault_switch VALUES (false);
    CREATE FUNCTION ${s}.refuse_when_failing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT failing FROM ${s}.fault_switch) THEN
        RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100';
      END IF;
      RETURN NULL;
    END $$;
    DO $$
    DECLARE t record;
    BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '${schema}' AND tablename NOT IN ('fault_switch', 'schema_migrations') LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER refuse_when_failing AFTER INSERT OR UPDATE OR DELETE ON %I.%I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION %I.refuse_when_failing()', '${schema}', t.tablename, '${schema}');
      END LOOP;
    END $$;`;
};

/** Takes the switch and its triggers out of the schema again (schemas serve later harnesses). */
export const removeFaultSwitch = (schema: string) => {
  const s = quoteIdentifier(schema);
  return `DROP FUNCTION IF EXISTS ${s}.refuse_when_failing() CASCADE; DROP TABLE IF EXISTS ${s}.fault_switch;`;
};
