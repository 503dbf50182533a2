-- A member who holds a role the constitution names in public (elected officers) may agree that visitors
-- see their name on the log entries made while they hold it, from the moment they agree. Nobody else
-- can give this for them (a steward who promotes a member names nobody), and the row is deleted when
-- their role changes: entries from before the consent, or after the role, stay pseudonymous.
CREATE TABLE public_name_consent (
  member_id  uuid        PRIMARY KEY REFERENCES member (id) ON DELETE CASCADE,
  role       text        NOT NULL CHECK (role IN ('steward', 'moderator')),
  since      timestamptz NOT NULL
);
