-- The member home page says what was decided "since your last visit". A visit is a run of home-page views
-- with no gap of an hour or more; home_seen_at is the latest view, home_visit_from the moment the
-- previous visit ended (when the current visit's "new" starts). Both NULL until the first view.
ALTER TABLE member ADD COLUMN home_seen_at timestamptz;
ALTER TABLE member ADD COLUMN home_visit_from timestamptz;
