-- Up Migration
-- One table per collection: the fields the bot queries as columns, the whole record as JSONB
-- (`doc`) so a record can grow without a migration. `seq` keeps insertion order; `version` is
-- the optimistic-concurrency counter of records people and jobs change at once.
-- A released migration is never changed: add the next number.

CREATE TABLE senders (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  sid text,
  account_sid text NOT NULL,
  phone_number text NOT NULL,
  state text NOT NULL,
  customer_id text,
  run_id text,
  watched boolean NOT NULL,
  next_check_at timestamptz,
  queued_at timestamptz,
  status text,
  quality_rating text,
  voice_forward_open boolean NOT NULL,
  -- The display name and the latest asked name, trimmed and lowercased (bulk runs' name-first gate).
  name_keys text[] NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL
);
-- One registration in play per number and account, across every process.
CREATE UNIQUE INDEX senders_one_in_play ON senders (account_sid, phone_number) WHERE state NOT IN ('failed', 'abandoned');
CREATE INDEX senders_by_phone ON senders (phone_number, seq);
CREATE INDEX senders_by_sid ON senders (sid, seq) WHERE sid IS NOT NULL;
CREATE INDEX senders_by_account ON senders (account_sid, seq);
CREATE INDEX senders_by_customer ON senders (customer_id, seq) WHERE customer_id IS NOT NULL;
CREATE INDEX senders_by_run ON senders (run_id, seq) WHERE run_id IS NOT NULL;
CREATE INDEX senders_by_state ON senders (state, seq);
CREATE INDEX senders_queue ON senders (queued_at, seq) WHERE state = 'queued';
CREATE INDEX senders_queue_by_account ON senders (account_sid, queued_at) WHERE state = 'queued';
CREATE INDEX senders_by_name ON senders USING gin (name_keys);
CREATE INDEX senders_voice_forwarded ON senders (seq) WHERE voice_forward_open;
CREATE INDEX senders_due ON senders (next_check_at)
  WHERE sid IS NOT NULL AND watched AND state NOT IN ('failed', 'abandoned');

CREATE TABLE customers (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  name text NOT NULL,
  account_sid text NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL
);
CREATE UNIQUE INDEX customers_unique_name ON customers (lower(name));
CREATE UNIQUE INDEX customers_unique_account ON customers (account_sid);
CREATE INDEX customers_by_account_lower ON customers (lower(account_sid));

CREATE TABLE bulk_runs (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  state text NOT NULL,
  channel text NOT NULL,
  created_by text NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX bulk_runs_by_state ON bulk_runs (state, seq);
CREATE INDEX bulk_runs_by_channel ON bulk_runs (channel, seq);
CREATE INDEX bulk_runs_previews ON bulk_runs (created_by) WHERE state = 'previewing';

CREATE TABLE outbox (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind text NOT NULL,
  sender_id text,
  run_id text,
  onboarding_id text,
  sending_at text,
  created_at timestamptz NOT NULL,
  doc jsonb NOT NULL
);
-- Kinds rendered when delivered: one waiting item per (kind, sender, run) is enough, across processes too.
CREATE UNIQUE INDEX outbox_one_waiting_render ON outbox (kind, coalesce(sender_id, ''), coalesce(run_id, ''))
  WHERE kind IN ('refresh_sender_message', 'refresh_bulk_progress', 'post_sender_message') AND sending_at IS NULL;
CREATE INDEX outbox_by_sender ON outbox (sender_id, seq) WHERE sender_id IS NOT NULL;
CREATE INDEX outbox_by_run ON outbox (run_id, seq) WHERE run_id IS NOT NULL;
CREATE INDEX outbox_by_onboarding ON outbox (onboarding_id, seq) WHERE onboarding_id IS NOT NULL;

-- Messages Slack refused for good, kept so none is silently lost.
CREATE TABLE undelivered (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL,
  doc jsonb NOT NULL
);

CREATE TABLE audit (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  doc jsonb NOT NULL
);

CREATE TABLE channel_bindings (
  channel text PRIMARY KEY,
  customer_id text NOT NULL
);

-- Per Twilio account: the time of the last sender-creating request, and the WABA it is linked to.
CREATE TABLE accounts (
  account_sid text PRIMARY KEY,
  last_create_at timestamptz,
  waba_id text
);

CREATE TABLE onboardings (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  doc jsonb NOT NULL
);

CREATE TABLE pending_subaccounts (
  name_key text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  doc jsonb NOT NULL
);

CREATE TABLE pending_purchases (
  phone_number text NOT NULL,
  account_sid text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  doc jsonb NOT NULL,
  PRIMARY KEY (phone_number, account_sid)
);

CREATE TABLE poller_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  doc jsonb NOT NULL
);

-- Written by the store to learn whether writing works again after a failure.
CREATE TABLE store_probe (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE store_probe, poller_state, pending_purchases, pending_subaccounts, onboardings, accounts, channel_bindings, audit, undelivered, outbox, bulk_runs, customers, senders;
