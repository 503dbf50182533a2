-- Liquid delegation: a member's global delegate (group delegations come with group-scoped votes).
-- Revocable at any time; weights are computed when a vote closes.
CREATE TABLE delegation (
  member      uuid PRIMARY KEY,
  delegate    uuid        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (member <> delegate)
);
CREATE INDEX delegation_delegate_idx ON delegation (delegate);

-- Where each member's vote went when a vote closed: their own ballot, a delegate's, or nowhere.
CREATE TABLE vote_route (
  proposal_id  uuid NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  member       uuid NOT NULL,
  cast_by      uuid,
  PRIMARY KEY (proposal_id, member)
);

-- Turnout at close, delegated weight included (ballot rows alone count only direct voters).
ALTER TABLE proposal ADD COLUMN turnout integer CHECK (turnout >= 0);
