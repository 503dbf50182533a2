-- Why a call was refused or failed, as a fixed code (AiReason): the public log carries only the code,
-- never the provider's error text. Calls recorded before this column have none.
ALTER TABLE ai_call ADD COLUMN reason_code varchar(30) CHECK (reason_code ~ '^[a-z][a-z-]{1,29}$');
