-- Up Migration
-- Verification codes asked of Meta, counted per phone number across registrations and
-- accounts (Meta limits them per number, src/store/rules/code-requests.ts).
CREATE TABLE code_requests (
  seq bigserial PRIMARY KEY,
  phone_number text NOT NULL,
  at timestamptz NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX code_requests_by_number ON code_requests (phone_number, at);

-- Down Migration
DROP TABLE code_requests;
