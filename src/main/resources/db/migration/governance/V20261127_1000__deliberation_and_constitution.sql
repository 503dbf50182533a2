-- The full proposal lifecycle (draft → discussion → voting → decided → implementation), deliberation
-- (comments, amendments, objections), secret ballots with receipts, group scope and per-group delegation,
-- the constitution as data, and notifications. Member and group ids are ids only (no cross-module keys).

ALTER TABLE proposal ALTER COLUMN phase TYPE varchar(20);
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'proposal'::regclass AND contype = 'c'
             AND (pg_get_constraintdef(oid) LIKE '%outcome IS NOT NULL%'
                  OR pg_get_constraintdef(oid) LIKE '%phase%'
                  OR pg_get_constraintdef(oid) LIKE '%method%') LOOP
    EXECUTE 'ALTER TABLE proposal DROP CONSTRAINT ' || quote_ident(c.conname);
  END LOOP;
END $$;

ALTER TABLE proposal
  ADD COLUMN decision_type  varchar(30)  NOT NULL DEFAULT 'general',
  ADD COLUMN scope_group    uuid,
  ADD COLUMN created_at     timestamptz  NOT NULL DEFAULT now(),
  ADD COLUMN discussion_at  timestamptz,
  ADD COLUMN seats          smallint     NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 50),
  ADD COLUMN max_score      smallint     NOT NULL DEFAULT 5 CHECK (max_score IN (5, 10)),
  ADD COLUMN secret         boolean      NOT NULL DEFAULT false,
  ADD COLUMN amends         uuid         REFERENCES proposal (id),
  ADD COLUMN payload        text,
  ADD COLUMN implementation varchar(20)  CHECK (implementation IN ('planned', 'in_progress', 'done', 'abandoned')),
  ADD CONSTRAINT proposal_phase_check
    CHECK (phase IN ('draft', 'discussion', 'voting', 'decided', 'implementation')),
  ADD CONSTRAINT proposal_method_check
    CHECK (method IN ('majority', 'supermajority', 'approval', 'score', 'star', 'consent', 'irv', 'schulze',
                      'scottish-stv', 'meek-stv')),
  ADD CONSTRAINT proposal_decided_check
    CHECK ((phase IN ('decided', 'implementation')) = (outcome IS NOT NULL)),
  ADD CONSTRAINT proposal_implementation_phase_check
    CHECK (implementation IS NULL OR phase = 'implementation');
UPDATE proposal SET created_at = opened_at, discussion_at = opened_at;
CREATE INDEX proposal_discussion_idx ON proposal (opened_at) WHERE phase = 'discussion';

-- Threaded deliberation, shown in time order. A moderator hides a comment with a public reason; the
-- text stays stored (it is evidence) but is not shown.
CREATE TABLE proposal_comment (
  id            uuid PRIMARY KEY,
  proposal_id   uuid         NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  parent_id     uuid         REFERENCES proposal_comment (id),
  author        uuid         NOT NULL,
  stance        varchar(10)  NOT NULL CHECK (stance IN ('for', 'against', 'question', 'other')),
  body          text         NOT NULL CHECK (length(btrim(body)) > 0 AND length(body) <= 5000),
  created_at    timestamptz  NOT NULL DEFAULT now(),
  hidden_reason varchar(500),
  hidden_by     uuid,
  hidden_at     timestamptz,
  CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL) AND (hidden_at IS NULL) = (hidden_by IS NULL))
);
CREATE INDEX proposal_comment_idx ON proposal_comment (proposal_id, created_at);

-- Amendments: a new text for the proposal. The author accepts or declines; a declined amendment can go to
-- a vote of its own (vote_id), and is adopted if that vote passes while the proposal is still in discussion.
CREATE TABLE amendment (
  id           uuid PRIMARY KEY,
  proposal_id  uuid         NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  author       uuid         NOT NULL,
  body         text         NOT NULL CHECK (length(btrim(body)) > 0 AND length(body) <= 20000),
  reason       varchar(2000) NOT NULL DEFAULT '',
  status       varchar(10)  NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'accepted', 'declined', 'voting', 'adopted', 'rejected', 'lapsed')),
  vote_id      uuid         REFERENCES proposal (id),
  created_at   timestamptz  NOT NULL DEFAULT now(),
  decided_at   timestamptz,
  CHECK ((status = 'voting') <= (vote_id IS NOT NULL))
);
CREATE INDEX amendment_proposal_idx ON amendment (proposal_id);
CREATE UNIQUE INDEX amendment_vote_idx ON amendment (vote_id) WHERE vote_id IS NOT NULL;

-- Consent decisions: objections with reasons; the objector withdraws, or a resolution is recorded.
CREATE TABLE objection (
  id           uuid PRIMARY KEY,
  proposal_id  uuid          NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  author       uuid          NOT NULL,
  reason       varchar(2000) NOT NULL CHECK (length(btrim(reason)) > 0),
  created_at   timestamptz   NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  resolution   varchar(2000),
  UNIQUE (proposal_id, author)
);

-- Secret ballots: the ballot row has no voter and no time; who has voted is kept apart, only to stop a
-- second ballot. Both rows are written in one transaction. The receipt is sha-256(ballot ‖ nonce).
CREATE TABLE secret_ballot (
  proposal_id  uuid     NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  receipt      char(64) NOT NULL,
  content      text     NOT NULL,
  PRIMARY KEY (proposal_id, receipt)
);
CREATE TABLE secret_voter (
  proposal_id  uuid NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  voter        uuid NOT NULL,
  PRIMARY KEY (proposal_id, voter)
);

-- Per-group delegation: the most specific delegation applies in a group-scoped vote.
CREATE TABLE group_delegation (
  member      uuid NOT NULL,
  group_id    uuid NOT NULL,
  delegate    uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member, group_id),
  CHECK (member <> delegate)
);

-- Implementation updates after a decision: who reported what, when, and the status it set.
CREATE TABLE implementation_update (
  id           uuid PRIMARY KEY,
  proposal_id  uuid          NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  author       uuid          NOT NULL,
  status       varchar(20)   NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'abandoned')),
  note         varchar(5000) NOT NULL CHECK (length(btrim(note)) > 0),
  created_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX implementation_update_idx ON implementation_update (proposal_id, created_at);

-- The constitution: the organisation's rules as data, one row per adopted version. Version 1 is the
-- founding text; every later one names the passed proposal that adopted it.
CREATE TABLE constitution (
  version      integer PRIMARY KEY CHECK (version >= 1),
  rules        text        NOT NULL,
  adopted_at   timestamptz NOT NULL DEFAULT now(),
  adopted_by   uuid        REFERENCES proposal (id),
  CHECK ((version = 1) = (adopted_by IS NULL))
);

-- In-app notifications, and what each member wants to hear about (absent row = the default: in-app on,
-- email off).
CREATE TABLE notification (
  id           bigserial PRIMARY KEY,
  member       uuid        NOT NULL,
  kind         varchar(20) NOT NULL CHECK (kind IN ('opened', 'voting', 'closing', 'result')),
  proposal_id  uuid        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  read_at      timestamptz,
  UNIQUE (member, kind, proposal_id)
);
CREATE INDEX notification_member_idx ON notification (member, created_at DESC);
CREATE TABLE notification_preference (
  member  uuid        NOT NULL,
  kind    varchar(20) NOT NULL CHECK (kind IN ('opened', 'voting', 'closing', 'result')),
  in_app  boolean     NOT NULL,
  email   boolean     NOT NULL,
  PRIMARY KEY (member, kind)
);
ALTER TABLE proposal ADD COLUMN closing_notified boolean NOT NULL DEFAULT false;
-- Approval votes may limit how many options one ballot approves (0: no limit).
ALTER TABLE proposal ADD COLUMN max_approvals smallint NOT NULL DEFAULT 0 CHECK (max_approvals BETWEEN 0 AND 20);
-- The count as the result page draws it (JSON), stored at the close so that pages do not recount.
ALTER TABLE proposal ADD COLUMN report text;
