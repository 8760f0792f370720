-- Up Migration
-- Work done once at a time across replicas (a purchase, a customer being added, a signup
-- result, an action on a registration): who holds each key, and until when (ms since the
-- epoch, on the holder's clock). A holder that died loses its claim when that time passes.
CREATE TABLE claims (
  key text PRIMARY KEY,
  holder text NOT NULL,
  expires_at bigint NOT NULL
);

-- Down Migration
DROP TABLE claims;
