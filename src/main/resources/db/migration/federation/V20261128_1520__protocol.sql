-- The protocol's tables: domains the organisation blocks, activities other servers delivered to its inbox,
-- the actors it follows (allies) and what those allies publish.

-- Domains whose servers Commune refuses: nothing comes in from them, nothing goes out to them. Public (the
-- list is shown on a public page and every change is a public log entry): a reason code and an optional note.
CREATE TABLE federation_blocked_domain (
  domain     text        PRIMARY KEY CHECK (domain ~ '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$' AND length(domain) <= 253),
  reason     varchar(20) NOT NULL CHECK (reason IN ('spam', 'harassment', 'hate', 'surveillance', 'impersonation',
                                                     'illegal', 'other')),
  note       text        CHECK (note IS NULL OR length(note) <= 500),
  blocked_at timestamptz NOT NULL
);

-- Activities received in the inbox, verified and type-checked, waiting for (or done with) processing.
-- activity_id is unique: a replayed delivery is acknowledged and ignored. The body is cleared once the
-- activity is processed (it may hold remote people's data Commune does not need); the row stays a while
-- so that replays are still recognised.
CREATE TABLE federation_inbox (
  id           bigserial   PRIMARY KEY,
  activity_id  text        NOT NULL UNIQUE CHECK (activity_id ~ '^https?://' AND length(activity_id) <= 2048),
  actor        text        NOT NULL CHECK (actor ~ '^https?://' AND length(actor) <= 2048),
  type         varchar(40) NOT NULL,
  body         text,
  received_at  timestamptz NOT NULL,
  processed_at timestamptz,
  outcome      varchar(40)
);
CREATE INDEX federation_inbox_waiting ON federation_inbox (id) WHERE processed_at IS NULL;
CREATE INDEX federation_inbox_received ON federation_inbox (received_at);

-- Actors elsewhere the organisation follows (allies). follow_id is the id of the Follow Commune sent; the
-- ally's Accept or Reject names it.
CREATE TABLE federation_following (
  actor      text        PRIMARY KEY CHECK (actor ~ '^https?://' AND length(actor) <= 2048),
  inbox      text        NOT NULL CHECK (inbox ~ '^https?://' AND length(inbox) <= 2048),
  name       text        CHECK (name IS NULL OR length(name) <= 200),
  handle     text        CHECK (handle IS NULL OR length(handle) <= 300),
  follow_id  text        NOT NULL UNIQUE CHECK (follow_id ~ '^https?://' AND length(follow_id) <= 2048),
  state      varchar(10) NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected')),
  since      timestamptz NOT NULL
);

-- What followed allies publish (Create, Update, Delete of Note and Article): content already sanitized.
CREATE TABLE federation_ally_post (
  object_id   text        PRIMARY KEY CHECK (object_id ~ '^https?://' AND length(object_id) <= 2048),
  actor       text        NOT NULL REFERENCES federation_following (actor) ON DELETE CASCADE,
  type        varchar(10) NOT NULL CHECK (type IN ('Note', 'Article')),
  name        text        CHECK (name IS NULL OR length(name) <= 500),
  content     text        NOT NULL CHECK (length(content) <= 200000),
  content_map jsonb       NOT NULL DEFAULT '{}',
  url         text        CHECK (url IS NULL OR (url ~ '^https?://' AND length(url) <= 2048)),
  published   timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX federation_ally_post_newest ON federation_ally_post (published DESC);
