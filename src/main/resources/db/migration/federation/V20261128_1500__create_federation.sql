-- Federation's first tables: the organisation actor's own state and the servers' actors that follow it.
-- Each later part (inbox, delivery queue, allies, mirrors, witnesses) adds its own migration.

-- One row: the organisation actor. moved_to / also_known_as carry a move to a new domain (Mastodon's
-- account migration); manually_approves_followers is the stewards' choice to approve each follower.
CREATE TABLE federation_actor (
  id                          boolean     PRIMARY KEY DEFAULT true CHECK (id),
  manually_approves_followers boolean     NOT NULL DEFAULT false,
  moved_to                    text        CHECK (moved_to IS NULL OR moved_to ~ '^https?://'),
  also_known_as               text[]      NOT NULL DEFAULT '{}',
  changed_at                  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO federation_actor (id) VALUES (true);

-- Actors elsewhere that follow the organisation. inbox and shared_inbox come from their actor document;
-- delivery goes once per shared inbox. 'pending' waits for a steward when followers need approval.
CREATE TABLE federation_follower (
  actor        text        PRIMARY KEY CHECK (actor ~ '^https?://' AND length(actor) <= 2048),
  inbox        text        NOT NULL CHECK (inbox ~ '^https?://' AND length(inbox) <= 2048),
  shared_inbox text        CHECK (shared_inbox IS NULL OR (shared_inbox ~ '^https?://' AND length(shared_inbox) <= 2048)),
  follow_id    text        NOT NULL CHECK (length(follow_id) <= 2048),
  state        varchar(10) NOT NULL CHECK (state IN ('pending', 'accepted')),
  since        timestamptz NOT NULL
);
CREATE INDEX federation_follower_state ON federation_follower (state);
