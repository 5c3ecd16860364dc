-- CPU and memory a version asked for at its deploy (the kubernetes runtime); NULL: the manager's defaults.
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS cpu VARCHAR(32);
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS memory VARCHAR(32);
