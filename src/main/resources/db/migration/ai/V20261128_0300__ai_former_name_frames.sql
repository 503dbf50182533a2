-- Keyed hashes (HMAC-SHA256 under a key kept outside the database) of the spelling-independent
-- frames of every display name a member has had, so that redaction still recognises a member's
-- name after the account is deleted. Not linked to any member; a name cannot be read back from it,
-- and without the instance key a guessed name cannot be confirmed.
CREATE TABLE ai_name_frame (
  hash text PRIMARY KEY
);
