-- TOTP secrets are sealed (AES-GCM) with a key kept outside the database (keys/instance.key), so
-- that a dump or a copy of the database no longer yields working second factors. SQL cannot reach
-- that key: secrets stored by an earlier release stay readable until Commune seals them at start
-- (TotpSecretSealing), and this column says which rows are sealed already.
ALTER TABLE member ADD COLUMN totp_secret_sealed boolean NOT NULL DEFAULT false;
