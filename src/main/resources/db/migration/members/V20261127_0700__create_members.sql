-- The organisation (one row), its members, groups, invitations and sign-in secrets.
-- Least data: a username (a pseudonym is fine) and a password hash are all that is required.

CREATE TABLE organisation (
  id                smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  name_en           varchar(120) NOT NULL CHECK (length(btrim(name_en)) > 0),
  name_ar           varchar(120) NOT NULL CHECK (length(btrim(name_ar)) > 0),
  default_language  varchar(2)   NOT NULL CHECK (default_language IN ('ar', 'en')),
  open_registration boolean      NOT NULL DEFAULT false,
  created_at        timestamptz  NOT NULL DEFAULT now(),
  version           integer      NOT NULL DEFAULT 0
);

CREATE TABLE member (
  id                uuid PRIMARY KEY,
  username          varchar(30)  NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,29}$'),
  display_name      varchar(60)  NOT NULL CHECK (length(btrim(display_name)) > 0),
  email             varchar(254) CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$'),
  password_hash     varchar(200) NOT NULL,
  role              varchar(10)  NOT NULL CHECK (role IN ('member', 'moderator', 'steward')),
  language          varchar(2)   NOT NULL CHECK (language IN ('ar', 'en')),
  totp_secret       bytea,
  totp_enabled      boolean      NOT NULL DEFAULT false,
  totp_last_step    bigint       NOT NULL DEFAULT 0,
  joined_at         timestamptz  NOT NULL DEFAULT now(),
  version           integer      NOT NULL DEFAULT 0,
  CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
);
-- Emails are not unique on purpose: a uniqueness error would tell a stranger who is a member.
CREATE INDEX member_email_idx ON member (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE recovery_code (
  member_id  uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
  code_hash  bytea       NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (member_id, code_hash)
);

CREATE TABLE member_group (
  id          uuid PRIMARY KEY,
  slug        varchar(40)  NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name_en     varchar(120) NOT NULL CHECK (length(btrim(name_en)) > 0),
  name_ar     varchar(120) NOT NULL CHECK (length(btrim(name_ar)) > 0),
  kind        varchar(20)  NOT NULL CHECK (kind IN ('branch', 'committee', 'working_group')),
  created_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE group_membership (
  group_id   uuid        NOT NULL REFERENCES member_group (id) ON DELETE CASCADE,
  member_id  uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
  joined_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, member_id)
);

CREATE TABLE invitation (
  id          uuid PRIMARY KEY,
  token_hash  bytea        NOT NULL UNIQUE,
  created_by  uuid         REFERENCES member (id) ON DELETE SET NULL,
  group_id    uuid         REFERENCES member_group (id) ON DELETE SET NULL,
  note        varchar(200),
  created_at  timestamptz  NOT NULL DEFAULT now(),
  expires_at  timestamptz  NOT NULL,
  used_at     timestamptz,
  CHECK (expires_at > created_at)
);

CREATE TABLE password_reset (
  token_hash  bytea PRIMARY KEY,
  member_id   uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

-- Passkeys: the tables Spring Security's JDBC WebAuthn repositories read and write.
CREATE TABLE user_entities (
  id           varchar(1000) NOT NULL PRIMARY KEY,
  name         varchar(100)  NOT NULL UNIQUE,
  display_name varchar(200)
);

CREATE TABLE user_credentials (
  credential_id                varchar(1000) NOT NULL PRIMARY KEY,
  user_entity_user_id          varchar(1000) NOT NULL REFERENCES user_entities (id) ON DELETE CASCADE,
  public_key                   bytea         NOT NULL,
  signature_count              bigint,
  uv_initialized               boolean,
  backup_eligible              boolean       NOT NULL,
  authenticator_transports     varchar(1000),
  public_key_credential_type   varchar(100),
  backup_state                 boolean       NOT NULL,
  attestation_object           bytea,
  attestation_client_data_json bytea,
  created                      timestamp,
  last_used                    timestamp,
  label                        varchar(1000) NOT NULL
);
