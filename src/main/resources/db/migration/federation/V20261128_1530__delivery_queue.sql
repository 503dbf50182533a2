-- The persistent delivery queue (docs/federation-delivery.md). Every activity the organisation sends is
-- kept (public ones are dereferenceable at their id and make up the outbox); each inbox it goes to is one
-- target row that workers claim with FOR UPDATE SKIP LOCKED and a lease, so nothing is lost on restart:
-- a target claimed by a process that died is claimed again once its lease has passed.

CREATE TABLE federation_activity (
  id          uuid        PRIMARY KEY,
  type        varchar(20) NOT NULL CHECK (type ~ '^[A-Za-z]{1,20}$'),
  -- The id of the object the activity is about (an article's page, an announcement's, a note's), if any.
  object_id   text        CHECK (object_id IS NULL OR length(object_id) <= 2048),
  -- Addressed to as:Public: may be served to anyone (an Accept names a follower, so it is not).
  public      boolean     NOT NULL,
  json        text        NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX federation_activity_object ON federation_activity (object_id, created_at DESC);
CREATE INDEX federation_activity_created ON federation_activity (created_at DESC);

CREATE TABLE federation_delivery (
  activity_id     uuid        NOT NULL REFERENCES federation_activity (id) ON DELETE CASCADE,
  inbox           text        NOT NULL CHECK (inbox ~ '^https?://' AND length(inbox) <= 2048),
  host            text        NOT NULL,
  state           varchar(10) NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'gave_up')),
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  claimed_until   timestamptz,
  last_status     integer,
  last_error      varchar(40),
  finished_at     timestamptz,
  PRIMARY KEY (activity_id, inbox)
);
CREATE INDEX federation_delivery_due ON federation_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX federation_delivery_inbox ON federation_delivery (inbox) WHERE state = 'pending';

-- How each inbox has been answering: after repeated failures it is unavailable until a set time, then one
-- probe delivery decides whether the others follow.
CREATE TABLE federation_inbox_health (
  inbox                text        PRIMARY KEY CHECK (length(inbox) <= 2048),
  host                 text        NOT NULL,
  consecutive_failures integer     NOT NULL DEFAULT 0,
  unavailable_until    timestamptz,
  last_failure_at      timestamptz,
  last_success_at      timestamptz
);
