-- A background AI job keeps what its call's record needs, so that a job cut off by a restart still ends
-- with exactly one record in ai_call: the call's id chosen before the call starts (no foreign key: the
-- record does not exist until the call ends), and the request's facts the record carries. The input text
-- itself is not kept here (it may be members-only or personal); only its keyed digest.
ALTER TABLE ai_job
  ADD COLUMN planned_call uuid,
  ADD COLUMN subject      uuid,
  ADD COLUMN data_class   varchar(10) CHECK (data_class IN ('public', 'member', 'personal')),
  ADD COLUMN input_sha256 char(64);

-- At start, the jobs a previous run left unfinished are found through this.
CREATE INDEX ai_job_unfinished_idx ON ai_job (created_at) WHERE state IN ('queued', 'running');
