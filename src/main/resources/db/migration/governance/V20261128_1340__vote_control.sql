-- Issue 10: a vote closed early or extended by an officer the constitution allows, or closed because
-- every member of its electorate voted. The reason is shown on the proposal page; the public log holds
-- its keyed hash (members' text never goes into the log in clear).
CREATE TABLE vote_control (
  id          uuid        PRIMARY KEY,
  proposal_id uuid        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  action      text        NOT NULL CHECK (action IN ('closed-early', 'extended', 'all-voted')),
  by_member   uuid,
  role        text        CHECK (role IS NULL OR role IN ('steward', 'moderator')),
  reason      text        NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  closes_at   timestamptz NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX vote_control_by_proposal ON vote_control (proposal_id, at);
