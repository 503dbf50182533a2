-- General assemblies: a meeting with an agenda of proposals, attendance, quick votes and minutes.
-- Member and proposal ids are stored as ids only (they belong to other modules: no foreign keys across
-- modules). Counts are frozen when the meeting closes, so that the public log's figures stay true even
-- after a member who attended deletes their account.

CREATE TABLE meeting (
  id                   uuid PRIMARY KEY,
  title                varchar(200) NOT NULL CHECK (length(btrim(title)) > 0),
  starts_at            timestamptz  NOT NULL,
  place                varchar(300),
  status               varchar(12)  NOT NULL DEFAULT 'scheduled'
                         CHECK (status IN ('scheduled', 'in-session', 'closed')),
  quorum_kind          varchar(8)   CHECK (quorum_kind IN ('number', 'percent')),
  quorum_value         integer,
  voters               varchar(8)   NOT NULL DEFAULT 'all' CHECK (voters IN ('all', 'present')),
  created_by           uuid         NOT NULL,
  created_at           timestamptz  NOT NULL,
  opened_at            timestamptz,
  closed_at            timestamptz,
  present_at_close     integer,
  members_at_close     integer,
  minutes              text         CHECK (minutes IS NULL OR length(minutes) <= 50000),
  minutes_by           uuid,
  minutes_saved_at     timestamptz,
  minutes_published_at timestamptz,
  minutes_sha256       varchar(64),
  CHECK ((quorum_kind IS NULL) = (quorum_value IS NULL)),
  CHECK (quorum_kind IS DISTINCT FROM 'percent' OR quorum_value BETWEEN 1 AND 100),
  CHECK (quorum_kind IS DISTINCT FROM 'number' OR quorum_value BETWEEN 1 AND 1000000),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (minutes_published_at IS NULL
         OR (status = 'closed' AND minutes IS NOT NULL AND minutes_sha256 IS NOT NULL))
);
CREATE INDEX meeting_starts_idx ON meeting (starts_at);

-- The agenda: existing proposals, in order.
CREATE TABLE meeting_agenda_item (
  meeting_id   uuid    NOT NULL REFERENCES meeting (id),
  proposal_id  uuid    NOT NULL,
  position     integer NOT NULL CHECK (position >= 1),
  PRIMARY KEY (meeting_id, proposal_id)
);

-- Who was present: marked by the member themselves, or recorded by a steward.
CREATE TABLE meeting_attendance (
  meeting_id   uuid        NOT NULL REFERENCES meeting (id),
  member_id    uuid        NOT NULL,
  recorded_by  uuid,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);

-- Quick votes during the meeting: each is a governance proposal, voted and counted there.
CREATE TABLE meeting_vote (
  vote_id           uuid PRIMARY KEY,
  meeting_id        uuid        NOT NULL REFERENCES meeting (id),
  agenda_proposal   uuid        NOT NULL,
  started_by        uuid        NOT NULL,
  started_at        timestamptz NOT NULL,
  closes_at         timestamptz NOT NULL,
  present_at_start  integer     NOT NULL,
  quorum_required   integer,
  present_at_close  integer,
  outcome           varchar(20),
  closed_at         timestamptz,
  CHECK (closes_at > started_at)
);
CREATE INDEX meeting_vote_open_idx ON meeting_vote (closes_at) WHERE closed_at IS NULL;
