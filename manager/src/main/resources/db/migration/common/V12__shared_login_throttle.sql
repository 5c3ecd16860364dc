-- Several managers on one database share what authentication remembers (issue 24).
--
-- The failed logins per user name, so that N managers do not allow N times the guesses. Each change is one
-- statement that names the revision it read (compare and set), so that failures on two managers at once all count.
-- Rows are deleted once forgotten (forget_after: 15 minutes after the last failure or the end of the lock).
CREATE TABLE IF NOT EXISTS login_failure (
    name VARCHAR(63) PRIMARY KEY,
    failures INT NOT NULL,
    last_failure TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until TIMESTAMP WITH TIME ZONE,
    forget_after TIMESTAMP WITH TIME ZONE NOT NULL,
    revision BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failure_forget_after ON login_failure (forget_after);

-- When a token was revoked or a session ended, by the database's clock: each manager reads those newer than the
-- last it saw, so that a revocation or a logout on one manager holds on all. Empty for rows revoked before.
ALTER TABLE api_token ADD COLUMN IF NOT EXISTS revoked_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS api_token_revoked_at ON api_token (revoked_at);
