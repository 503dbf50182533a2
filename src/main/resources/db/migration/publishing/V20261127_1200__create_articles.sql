-- Published articles: one row per article, one per language version. Provenance says who wrote or
-- approved it and, for AI-assisted text, which model and which reviewer (IPTC digitalSourceType).

CREATE TABLE article (
  id          uuid PRIMARY KEY,
  author      uuid        NOT NULL,
  created_at  timestamptz NOT NULL
);

CREATE TABLE article_version (
  article_id    uuid          NOT NULL REFERENCES article (id),
  language      varchar(2)    NOT NULL CHECK (language IN ('en', 'ar')),
  title         varchar(200)  NOT NULL CHECK (length(btrim(title)) > 0),
  body          text          NOT NULL CHECK (length(btrim(body)) > 0 AND length(body) <= 50000),
  source_type   varchar(40)   NOT NULL
                  CHECK (source_type IN ('human', 'trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia')),
  ai_model      varchar(100),
  reviewer      uuid,
  reviewed_at   timestamptz,
  published_at  timestamptz   NOT NULL,
  PRIMARY KEY (article_id, language),
  CHECK ((source_type = 'human') = (ai_model IS NULL)),
  CHECK (source_type = 'human' OR (reviewer IS NOT NULL AND reviewed_at IS NOT NULL))
);
CREATE INDEX article_version_published_idx ON article_version (language, published_at DESC);
