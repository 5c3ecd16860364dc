-- Scale to zero: a version may be stopped after serving no request for its idle time-out (0: never), and is then
-- asleep (desired: nothing of it runs) until a request wakes it.
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS idle_timeout_seconds INT DEFAULT 0 NOT NULL;
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS asleep BOOLEAN DEFAULT FALSE NOT NULL;
