-- Up Migration
-- Work one process among several does at a time (the status poll): who holds it, until when,
-- and a fencing token that grows with every change of holder. Rows are never deleted, so a
-- token is never given out twice.
CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  token bigint NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE leases;
