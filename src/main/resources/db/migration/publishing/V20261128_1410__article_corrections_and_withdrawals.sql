-- Corrections and withdrawals of published articles.
--
-- A correction is a revision with a reason: a code (public, also in the log) and the editor's note
-- (shown on the article and its history, never in the log). Revisions from before are not corrections.
ALTER TABLE article_revision ADD COLUMN correction_reason varchar(20)
  CHECK (correction_reason IN ('fact', 'typo', 'clarity', 'update', 'other'));
ALTER TABLE article_revision ADD COLUMN correction_note varchar(500);
ALTER TABLE article_revision ADD CONSTRAINT article_revision_correction_complete
  CHECK ((correction_reason IS NULL) = (correction_note IS NULL)
         AND (correction_note IS NULL OR length(btrim(correction_note)) > 0));

-- A withdrawn article keeps a tombstone at its address (reason code, the editor's note, when); its
-- text leaves every public page and feed. A withdrawal is final: never changed, never undone.
CREATE TABLE article_withdrawal (
  article_id    uuid          PRIMARY KEY REFERENCES article (id),
  reason        varchar(20)   NOT NULL CHECK (reason IN ('error', 'rights', 'privacy', 'safety', 'duplicate', 'other')),
  note          varchar(500)  NOT NULL CHECK (length(btrim(note)) > 0),
  withdrawn_by  uuid          NOT NULL,
  withdrawn_at  timestamptz   NOT NULL
);

CREATE FUNCTION article_withdrawal_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an article withdrawal is never changed or undone';
END;
$$;
CREATE TRIGGER article_withdrawal_final BEFORE UPDATE OR DELETE ON article_withdrawal
  FOR EACH ROW EXECUTE FUNCTION article_withdrawal_final();

-- Nothing new is published under a withdrawn article (an AI translation approved later included).
CREATE FUNCTION article_revision_not_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM article_withdrawal WHERE article_id = NEW.article_id) THEN
    RAISE EXCEPTION 'article % was withdrawn', NEW.article_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER article_revision_not_withdrawn BEFORE INSERT ON article_revision
  FOR EACH ROW EXECUTE FUNCTION article_revision_not_withdrawn();
