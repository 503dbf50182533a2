-- Dates are shown in the member's time zone (or the organisation's default) and numbers in the
-- organisation's chosen digits. A NULL member time zone means "the organisation's".
ALTER TABLE organisation ADD COLUMN time_zone varchar(64) NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) > 0);
ALTER TABLE organisation ADD COLUMN digits varchar(5) NOT NULL DEFAULT 'latn' CHECK (digits IN ('latn', 'arab'));
ALTER TABLE member ADD COLUMN time_zone varchar(64) CHECK (time_zone IS NULL OR length(time_zone) > 0);
