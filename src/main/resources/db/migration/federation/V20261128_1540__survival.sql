-- Survival: allied Communes adopted by vote, their mirrored content and log, and the witnessing of logs.
-- An ally exists only because members adopted it (the proposal that passed is recorded); its keys are the
-- ones shown on that proposal, pinned at adoption and never replaced by what the ally serves later.
CREATE TABLE federation_ally (
  host             text        PRIMARY KEY CHECK (length(host) BETWEEN 1 AND 300),
  url              text        NOT NULL UNIQUE CHECK (url ~ '^https?://' AND length(url) <= 2048),
  log_key          bytea       NOT NULL CHECK (octet_length(log_key) BETWEEN 32 AND 200),
  actor_key        bytea       NOT NULL CHECK (octet_length(actor_key) BETWEEN 200 AND 2000),
  adopted_by       uuid        NOT NULL,
  adopted_at       timestamptz NOT NULL,
  ended_by         uuid,
  ended_at         timestamptz,
  -- What the last sync did: 'ok', or a short code of why it stopped (unreachable, log-refused, ...).
  last_sync_at     timestamptz,
  last_sync_status varchar(40),
  last_ok_at       timestamptz,
  CHECK ((ended_by IS NULL) = (ended_at IS NULL))
);

-- The ally's articles exactly as it signed them: the canonical JSON item and its RSA signature. Refused
-- items never reach this table; a stored item is re-verified before it is served.
CREATE TABLE federation_mirror_article (
  host        text        NOT NULL REFERENCES federation_ally (host),
  article_id  uuid        NOT NULL,
  item        text        NOT NULL CHECK (length(item) <= 1048576),
  signature   text        NOT NULL CHECK (length(signature) <= 1000),
  withdrawn   boolean     NOT NULL,
  synced_at   timestamptz NOT NULL,
  PRIMARY KEY (host, article_id)
);

-- The ally's log: the exact leaf texts and the signed checkpoints, appended only after they verified
-- against the pinned key and extended what was stored before.
CREATE TABLE federation_mirror_log_entry (
  host  text   NOT NULL REFERENCES federation_ally (host),
  idx   bigint NOT NULL CHECK (idx >= 0),
  leaf  text   NOT NULL,
  PRIMARY KEY (host, idx)
);
CREATE TABLE federation_mirror_checkpoint (
  host       text   NOT NULL REFERENCES federation_ally (host),
  tree_size  bigint NOT NULL CHECK (tree_size > 0),
  root_hash  bytea  NOT NULL CHECK (octet_length(root_hash) = 32),
  issued_at  bigint NOT NULL,
  signature  bytea  NOT NULL,
  PRIMARY KEY (host, tree_size)
);

-- Witness side: every checkpoint of an ally's log this Commune cosigned (its own signature).
CREATE TABLE federation_witness_cosigned (
  host       text   NOT NULL REFERENCES federation_ally (host),
  tree_size  bigint NOT NULL CHECK (tree_size > 0),
  root_hash  bytea  NOT NULL CHECK (octet_length(root_hash) = 32),
  cosigned_at bigint NOT NULL,
  signature  bytea  NOT NULL,
  delivered  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (host, tree_size)
);

-- Witness side: an ally's log that did not verify or did not extend what was cosigned. The evidence
-- (what was cosigned, what is served now) is kept for anyone to check; never deleted by the application.
CREATE TABLE federation_witness_alert (
  id          uuid        PRIMARY KEY,
  host        text        NOT NULL REFERENCES federation_ally (host),
  kind        varchar(40) NOT NULL,
  detail      text        NOT NULL CHECK (length(detail) <= 2000),
  cosigned    text,
  served      text,
  raised_at   timestamptz NOT NULL
);
CREATE INDEX federation_witness_alert_host ON federation_witness_alert (host, raised_at DESC);

-- Origin side: cosignatures of this Commune's own checkpoints, received from allies (their log key pinned).
CREATE TABLE federation_cosignature (
  witness     text        NOT NULL REFERENCES federation_ally (host),
  tree_size   bigint      NOT NULL CHECK (tree_size > 0),
  root_hash   bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
  cosigned_at bigint      NOT NULL,
  signature   bytea       NOT NULL CHECK (octet_length(signature) = 64),
  received_at timestamptz NOT NULL,
  PRIMARY KEY (witness, tree_size)
);
