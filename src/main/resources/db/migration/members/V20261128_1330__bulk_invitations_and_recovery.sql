-- Bulk invitations name the person they are for (and, when the steward has one, an address to mail
-- the link to); a steward may revoke one, or resend it (a new token replaces the old hash, so the old
-- link dies). The address is cleared when the invitation is used: the member gives their own.
ALTER TABLE invitation ADD COLUMN invitee_name varchar(60) CHECK (invitee_name IS NULL OR length(btrim(invitee_name)) > 0);
ALTER TABLE invitation ADD COLUMN email varchar(254) CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE invitation ADD COLUMN revoked_at timestamptz;
ALTER TABLE invitation ADD COLUMN batch_id uuid;
CREATE INDEX invitation_batch_idx ON invitation (batch_id) WHERE batch_id IS NOT NULL;

-- One-time recovery links a steward issues for a locked-out member (many organisations run without
-- mail). Only the SHA-256 of the token is kept; short expiry, single use.
CREATE TABLE account_recovery (
  token_hash  bytea PRIMARY KEY,
  member_id   uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
  issued_by   uuid        REFERENCES member (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX account_recovery_member_idx ON account_recovery (member_id);
