-- The unread count in every page's header: an index of unread notifications only, so the count reads
-- a handful of index entries whatever the history. The home page and the filtered proposals list read
-- votes open per member (ballot's primary key serves "has voted") and decisions by date.
CREATE INDEX notification_unread_idx ON notification (member) WHERE read_at IS NULL;
CREATE INDEX proposal_decided_at_idx ON proposal (decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX proposal_comment_parent_idx ON proposal_comment (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX proposal_comment_author_idx ON proposal_comment (author);
CREATE INDEX proposal_author_idx ON proposal (author);
