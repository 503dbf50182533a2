-- Secret ballots that cannot be linked to their voters from anything the database or a backup holds.
--
-- While a secret vote is open, each ballot is sealed: encrypted under a key kept outside the database
-- (InstanceKeys) and padded to a fixed length. The sealed row is written in the voter's own transaction
-- (so an acknowledged ballot is never lost and never counted twice), and shares that transaction's xmin
-- with the voter's row in secret_voter, but it reads as noise without the key. At the close, all sealed
-- ballots of the vote are opened and written to secret_ballot in a random order in one transaction
-- (one xmin, shuffled ctid and physical order), and the sealed rows are deleted. No timestamp, no
-- sequence: the primary key is a random UUID. Each ballot's transaction also takes up to 8 earlier
-- sealed ballots of the vote (from a random point of the id order), seals them again and writes them
-- back with the new one in a random order: even someone holding the key finds each voter's transaction
-- holding a group of ballots, not one.
CREATE TABLE sealed_ballot (
  id           uuid  PRIMARY KEY,
  proposal_id  uuid  NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  sealed       bytea NOT NULL
);
CREATE INDEX sealed_ballot_proposal_idx ON sealed_ballot (proposal_id, id);

-- The key a secret vote's receipts are derived from (receipt = HMAC(key, member)), itself sealed under
-- the instance key. It lets a voter fetch their receipt again while the vote is open (a crash can lose
-- the response that showed it); it is deleted at the close, after which nobody — not even someone holding
-- the instance key — can compute which receipt was whose.
CREATE TABLE ballot_receipt_key (
  proposal_id  uuid  PRIMARY KEY REFERENCES proposal (id) ON DELETE CASCADE,
  sealed       bytea NOT NULL
);

-- Secret ballots stored before this release were written in the voter's transaction, in cast order:
-- rewrite them all in a random order in this one transaction, so neither xmin nor row order links them.
CREATE TABLE secret_ballot_shuffled AS SELECT proposal_id, receipt, content FROM secret_ballot;
DELETE FROM secret_ballot;
INSERT INTO secret_ballot (proposal_id, receipt, content)
  SELECT proposal_id, receipt, content FROM secret_ballot_shuffled ORDER BY random();
DROP TABLE secret_ballot_shuffled;

-- The electorate is fixed when voting opens: the members (of the group, for a group's vote) at that
-- moment, one row each. Members who join later do not vote; members removed mid-vote keep their vote.
-- Votes opened before this release have no snapshot (electorate_fixed false) and keep the old rule.
CREATE TABLE proposal_electorate (
  proposal_id  uuid NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  member       uuid NOT NULL,
  PRIMARY KEY (proposal_id, member)
);
ALTER TABLE proposal ADD COLUMN electorate_fixed boolean NOT NULL DEFAULT false;
