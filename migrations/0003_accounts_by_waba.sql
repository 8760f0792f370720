-- Up Migration
-- The accounts holding a WABA, found without reading every account (the one-WABA-per-account checks).
CREATE INDEX accounts_by_waba ON accounts (waba_id) WHERE waba_id IS NOT NULL;

-- Down Migration
DROP INDEX accounts_by_waba;
