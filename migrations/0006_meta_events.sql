-- Up Migration
-- Meta's webhook events already handled, by key: a second delivery, to any replica, is known
-- by its key and handled no more. Keys are forgotten after a week (added_at).
CREATE TABLE meta_events (
  key text PRIMARY KEY,
  waba_id text NOT NULL,
  added_at timestamptz NOT NULL
);
CREATE INDEX meta_events_by_time ON meta_events (added_at);

-- Down Migration
DROP TABLE meta_events;
