-- Every version an article language ever had, oldest first: approving a draft for an existing article
-- adds a revision instead of overwriting the text, and each revision credits who wrote it (or asked
-- for the AI text) and who approved it. article_version keeps the current text for the public pages.
CREATE TABLE article_revision (
  article_id    uuid          NOT NULL REFERENCES article (id),
  language      varchar(2)    NOT NULL CHECK (language IN ('en', 'ar')),
  revision      integer       NOT NULL CHECK (revision >= 1),
  title         varchar(200)  NOT NULL,
  body          text          NOT NULL,
  source_type   varchar(40)   NOT NULL,
  ai_model      varchar(100),
  author        uuid          NOT NULL,
  reviewer      uuid,
  reviewed_at   timestamptz,
  published_at  timestamptz   NOT NULL,
  PRIMARY KEY (article_id, language, revision)
);

-- History is never rewritten.
CREATE FUNCTION article_revision_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'article revisions are never changed or removed';
END;
$$;
CREATE TRIGGER article_revision_append_only BEFORE UPDATE OR DELETE ON article_revision
  FOR EACH ROW EXECUTE FUNCTION article_revision_append_only();

-- The versions published before this migration become revision 1, credited to the article's author.
INSERT INTO article_revision (article_id, language, revision, title, body, source_type, ai_model, author, reviewer,
                              reviewed_at, published_at)
SELECT v.article_id, v.language, 1, v.title, v.body, v.source_type, v.ai_model, a.author, v.reviewer, v.reviewed_at,
       v.published_at
FROM article_version v JOIN article a ON a.id = v.article_id;

-- Who the current version is credited to (null for versions from before: the article's author).
ALTER TABLE article_version ADD COLUMN author uuid;
ALTER TABLE article_version ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1);
