-- Actors on other servers, as their own server last described them: the cache behind signature checks
-- (their public key) and delivery (their inboxes). Refetched when stale or when a signature fails (key
-- rotation); a row is only ever a copy of a public document, so losing it loses nothing.
CREATE TABLE federation_remote_actor (
  id                 text        PRIMARY KEY CHECK (id ~ '^https?://' AND length(id) <= 2048),
  type               varchar(20) NOT NULL,
  inbox              text        NOT NULL CHECK (inbox ~ '^https?://' AND length(inbox) <= 2048),
  shared_inbox       text        CHECK (shared_inbox IS NULL OR (shared_inbox ~ '^https?://' AND length(shared_inbox) <= 2048)),
  preferred_username text        CHECK (length(preferred_username) <= 500),
  name               text        CHECK (length(name) <= 2000),
  url                text        CHECK (url IS NULL OR (url ~ '^https?://' AND length(url) <= 2048)),
  key_id             text        NOT NULL CHECK (key_id ~ '^https?://' AND length(key_id) <= 2048),
  public_key_pem     text        NOT NULL CHECK (length(public_key_pem) <= 16384),
  moved_to           text        CHECK (moved_to IS NULL OR (moved_to ~ '^https?://' AND length(moved_to) <= 2048)),
  also_known_as      text[]      NOT NULL DEFAULT '{}',
  fetched_at         timestamptz NOT NULL
);
CREATE INDEX federation_remote_actor_key ON federation_remote_actor (key_id);
