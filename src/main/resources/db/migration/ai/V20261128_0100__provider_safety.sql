-- Outbound safety for model servers and charters that pin what they trust.
-- ai_outbound: the stewards' explicit settings for model servers on this machine (loopback) and on the
-- private network; both off until a steward turns them on (the change is logged publicly).
CREATE TABLE ai_outbound (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  allow_loopback  boolean NOT NULL DEFAULT false,
  allow_private   boolean NOT NULL DEFAULT false,
  changed_by      uuid,
  changed_at      timestamptz
);
INSERT INTO ai_outbound (id) VALUES (true);

-- The SHA-256 of the canonical charter JSON put to the vote; adoption checks the decided payload
-- against it, so what takes effect is exactly what members saw on the ballot page.
CREATE TABLE ai_charter_proposal (
  proposal        uuid     PRIMARY KEY,
  charter_sha256  char(64) NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Versions adopted before this release have no recorded hash.
ALTER TABLE ai_charter ADD COLUMN charter_sha256 char(64);

