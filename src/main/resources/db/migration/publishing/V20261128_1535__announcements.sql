-- Announcements: short public texts (at most 500 characters, one language) that publishers post; the
-- federation sends each to followers as a Note. Withdrawing keeps the row (the address answers 410).
CREATE TABLE announcement (
  id           uuid        PRIMARY KEY,
  language     varchar(2)  NOT NULL CHECK (language IN ('en', 'ar')),
  body         text        NOT NULL CHECK (length(btrim(body)) > 0 AND length(body) <= 500),
  author       uuid        NOT NULL,
  published_at timestamptz NOT NULL,
  withdrawn_by uuid,
  withdrawn_at timestamptz,
  CHECK ((withdrawn_by IS NULL) = (withdrawn_at IS NULL))
);
CREATE INDEX announcement_published_idx ON announcement (published_at DESC);
