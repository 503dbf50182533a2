-- The AI gateway: providers the stewards registered, the charter versions members adopted by vote,
-- one record per AI call (allowed, refused or failed), contests, and drafts awaiting review.
-- Member, proposal and article ids are ids only (no keys across modules).

CREATE TABLE ai_provider (
  name         varchar(40)  PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  base_url     varchar(300) NOT NULL CHECK (base_url ~ '^https?://'),
  models       varchar(1000) NOT NULL CHECK (length(btrim(models)) > 0),
  on_premises  boolean      NOT NULL,
  api_key_env  varchar(60)  CHECK (api_key_env ~ '^[A-Z][A-Z0-9_]{0,59}$'),
  timeout_s    integer      NOT NULL DEFAULT 120 CHECK (timeout_s BETWEEN 1 AND 600),
  created_at   timestamptz  NOT NULL DEFAULT now(),
  created_by   uuid         NOT NULL
);

CREATE TABLE ai_charter (
  version      integer PRIMARY KEY CHECK (version >= 1),
  charter      text        NOT NULL,
  adopted_at   timestamptz NOT NULL,
  adopted_by   uuid        NOT NULL UNIQUE
);

CREATE TABLE ai_call (
  id               uuid PRIMARY KEY,
  at               timestamptz  NOT NULL,
  requester        uuid         NOT NULL,
  task             varchar(20)  NOT NULL,
  subject          uuid,
  charter_version  integer,
  provider         varchar(40),
  model            varchar(100),
  template         varchar(40)  NOT NULL,
  template_version integer      NOT NULL,
  data_class       varchar(10)  NOT NULL CHECK (data_class IN ('public', 'member', 'personal')),
  outcome          varchar(10)  NOT NULL CHECK (outcome IN ('completed', 'refused', 'failed')),
  reason           varchar(300),
  redactions       integer      NOT NULL DEFAULT 0 CHECK (redactions >= 0),
  input_sha256     char(64)     NOT NULL,
  output_sha256    char(64),
  input_text       text,
  output_text      text,
  tokens_in        integer      CHECK (tokens_in >= 0),
  tokens_out       integer      CHECK (tokens_out >= 0),
  latency_ms       integer      CHECK (latency_ms >= 0),
  energy_wh        double precision CHECK (energy_wh >= 0),
  keep_until       timestamptz,
  CHECK ((outcome = 'completed') = (output_sha256 IS NOT NULL)),
  CHECK (outcome = 'completed' OR reason IS NOT NULL)
);
CREATE INDEX ai_call_at_idx ON ai_call (at DESC);
CREATE INDEX ai_call_month_idx ON ai_call (at) WHERE outcome = 'completed';

CREATE TABLE ai_contest (
  id           uuid PRIMARY KEY,
  call_id      uuid          NOT NULL REFERENCES ai_call (id),
  member       uuid          NOT NULL,
  reason       varchar(2000) NOT NULL CHECK (length(btrim(reason)) > 0),
  created_at   timestamptz   NOT NULL DEFAULT now(),
  resolved_at  timestamptz,
  resolution   varchar(2000)
);

-- A draft is what a completed call produced, waiting for a named member's decision.
CREATE TABLE ai_draft (
  id           uuid PRIMARY KEY,
  call_id      uuid          NOT NULL UNIQUE REFERENCES ai_call (id),
  task         varchar(20)   NOT NULL,
  requester    uuid          NOT NULL,
  subject      uuid,
  language     varchar(2)    NOT NULL CHECK (language IN ('en', 'ar')),
  title        varchar(200)  NOT NULL,
  body         text          NOT NULL,
  status       varchar(14)   NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'auto_rejected')),
  reason       varchar(500),
  reviewer     uuid,
  reviewed_at  timestamptz,
  edited       boolean       NOT NULL DEFAULT false,
  created_at   timestamptz   NOT NULL,
  CHECK ((status IN ('approved', 'rejected')) = (reviewer IS NOT NULL)),
  -- Published text (translations, statements) always needs a second person; a summary only when the charter says so.
  CHECK (status <> 'approved' OR reviewer <> requester OR task = 'summarise')
);
CREATE INDEX ai_draft_status_idx ON ai_draft (status, created_at);

-- Long tasks: what is running, for the progress shown to the person waiting.
CREATE TABLE ai_job (
  id           uuid PRIMARY KEY,
  requester    uuid         NOT NULL,
  task         varchar(20)  NOT NULL,
  state        varchar(10)  NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  call_id      uuid         REFERENCES ai_call (id),
  draft_id     uuid         REFERENCES ai_draft (id),
  created_at   timestamptz  NOT NULL,
  finished_at  timestamptz
);

-- Running totals per calendar month (UTC), updated with each record, so that the budget check reads
-- one row instead of summing the month's calls.
CREATE TABLE ai_usage (
  month      date             PRIMARY KEY,
  tokens     bigint           NOT NULL DEFAULT 0 CHECK (tokens >= 0),
  energy_wh  double precision NOT NULL DEFAULT 0 CHECK (energy_wh >= 0)
);
