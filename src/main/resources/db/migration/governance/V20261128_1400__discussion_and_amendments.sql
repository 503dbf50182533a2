-- Amendments may change the title as well as the text (title NULL: the title stays). Each keeps the title
-- and text it was written against, so that its diff shows what it changes even after the proposal's text
-- moved on (rows from before this migration have none: their diff is against the text now).
ALTER TABLE amendment
  ADD COLUMN title      varchar(200) CHECK (title IS NULL OR length(btrim(title)) > 0),
  ADD COLUMN base_title varchar(200),
  ADD COLUMN base_body  text;

-- Members edit their own comments (every earlier version is kept, below) and withdraw them (a placeholder
-- stays and the replies stay attached). Withdrawal by the author is not moderation: hidden_* stay apart.
ALTER TABLE proposal_comment
  ADD COLUMN edited_at    timestamptz,
  ADD COLUMN withdrawn_at timestamptz;

-- The earlier versions of an edited comment, oldest first: what it said, and from when.
CREATE TABLE comment_version (
  comment_id  uuid        NOT NULL REFERENCES proposal_comment (id) ON DELETE CASCADE,
  version     integer     NOT NULL CHECK (version >= 1),
  stance      varchar(10) NOT NULL CHECK (stance IN ('for', 'against', 'question', 'other')),
  body        text        NOT NULL,
  written_at  timestamptz NOT NULL,
  PRIMARY KEY (comment_id, version)
);

-- Notifications about things said in a discussion: an amendment to a member's proposal, a mention, a
-- reply. "about" is the amendment or comment (so several can arrive for one proposal), "actor" the
-- member who wrote it.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
           WHERE conrelid IN ('notification'::regclass, 'notification_preference'::regclass)
             AND ((contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%')
                  OR (contype = 'u' AND conrelid = 'notification'::regclass)) LOOP
    EXECUTE 'ALTER TABLE ' || c.tbl || ' DROP CONSTRAINT ' || quote_ident(c.conname);
  END LOOP;
END $$;
ALTER TABLE notification
  ADD COLUMN about uuid,
  ADD COLUMN actor uuid,
  ADD CONSTRAINT notification_kind_check
    CHECK (kind IN ('opened', 'voting', 'closing', 'result', 'amendment', 'mention', 'reply')),
  ADD CONSTRAINT notification_about_check CHECK ((kind IN ('amendment', 'mention', 'reply')) = (about IS NOT NULL));
CREATE UNIQUE INDEX notification_once_idx
  ON notification (member, kind, proposal_id, coalesce(about, '00000000-0000-0000-0000-000000000000'::uuid));
ALTER TABLE notification_preference ADD CONSTRAINT notification_preference_kind_check
  CHECK (kind IN ('opened', 'voting', 'closing', 'result', 'amendment', 'mention', 'reply'));
