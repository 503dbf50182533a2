-- The public, append-only transparency log (RFC 9162 Merkle tree) and its signed checkpoints.
-- Entries hold public facts only: member ids, never names, emails or addresses.

CREATE TABLE log_entry (
  idx          bigint PRIMARY KEY CHECK (idx >= 0),
  entry_type   varchar(60)  NOT NULL,
  leaf         text         NOT NULL,            -- the exact bytes (UTF-8 JSON) that were hashed
  leaf_hash    bytea        NOT NULL CHECK (octet_length(leaf_hash) = 32),
  source_event uuid         UNIQUE,              -- makes appending an event idempotent
  logged_at    timestamptz  NOT NULL
);
CREATE INDEX log_entry_type_idx ON log_entry (entry_type, idx);

CREATE TABLE log_checkpoint (
  tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
  root_hash  bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
  issued_at  timestamptz NOT NULL,
  signature  bytea       NOT NULL
);

-- Append-only: the application never updates or deletes. Tampering directly in the database is
-- still possible for whoever owns it, which is why the verifier exists.
CREATE FUNCTION log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transparency log is append-only';
END $$;
CREATE TRIGGER log_entry_append_only BEFORE UPDATE OR DELETE ON log_entry
  FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
CREATE TRIGGER log_checkpoint_append_only BEFORE UPDATE OR DELETE ON log_checkpoint
  FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
