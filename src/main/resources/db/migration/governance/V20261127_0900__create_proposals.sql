-- Proposals put to a vote, their options, and ballots. Member and group ids are stored as ids only
-- (they belong to the members module: no foreign keys across modules).

CREATE TABLE proposal (
  id             uuid PRIMARY KEY,
  title          varchar(200) NOT NULL CHECK (length(btrim(title)) > 0),
  body           text         NOT NULL CHECK (length(body) <= 20000),
  method         varchar(20)  NOT NULL CHECK (method IN ('majority', 'supermajority', 'approval', 'schulze', 'irv')),
  threshold_num  smallint     NOT NULL DEFAULT 1,
  threshold_den  smallint     NOT NULL DEFAULT 2,
  quorum_num     smallint     NOT NULL DEFAULT 0,
  quorum_den     smallint     NOT NULL DEFAULT 1,
  author         uuid         NOT NULL,
  phase          varchar(10)  NOT NULL CHECK (phase IN ('voting', 'decided')),
  eligible       integer      NOT NULL CHECK (eligible >= 0),
  tie_seed       bigint       NOT NULL,
  opened_at      timestamptz  NOT NULL,
  closes_at      timestamptz  NOT NULL,
  decided_at     timestamptz,
  outcome        varchar(20)  CHECK (outcome IN ('accepted', 'rejected', 'failed_quorum', 'chosen')),
  result         text,
  version        integer      NOT NULL DEFAULT 0,
  CHECK (closes_at > opened_at),
  CHECK (threshold_den > 0 AND threshold_num BETWEEN 0 AND threshold_den),
  CHECK (quorum_den > 0 AND quorum_num BETWEEN 0 AND quorum_den),
  CHECK ((phase = 'decided') = (outcome IS NOT NULL))
);
CREATE INDEX proposal_closes_idx ON proposal (closes_at) WHERE phase = 'voting';

CREATE TABLE proposal_option (
  proposal_id  uuid        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  idx          smallint    NOT NULL CHECK (idx >= 0),
  label        varchar(200) NOT NULL CHECK (length(btrim(label)) > 0),
  PRIMARY KEY (proposal_id, idx)
);

-- One ballot per member per vote, enforced here: two simultaneous ballots cannot both count.
CREATE TABLE ballot (
  proposal_id  uuid        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  voter        uuid        NOT NULL,
  content      text        NOT NULL,
  cast_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (proposal_id, voter)
);
