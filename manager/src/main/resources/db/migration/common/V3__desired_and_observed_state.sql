-- Each version's row holds what should be (role, image, environment, replicas, generation, whether it is being
-- killed, and whether its image stays then) and what was last observed (status, reason, since, restarts, the runtime's own reference).
ALTER TABLE service_version ADD COLUMN generation BIGINT DEFAULT 1 NOT NULL;
ALTER TABLE service_version ADD COLUMN replicas INT DEFAULT 1 NOT NULL;
ALTER TABLE service_version ADD COLUMN terminating BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE service_version ADD COLUMN keep_image BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE service_version ADD COLUMN restarts INT DEFAULT 0 NOT NULL;
ALTER TABLE service_version ADD COLUMN runtime_ref VARCHAR(1000);

-- The process runtime kept its JVM's pid and port in columns of their own; they are its reference now.
UPDATE service_version SET runtime_ref = 'pid=' || CAST(pid AS VARCHAR) || ' port=' || CAST(port AS VARCHAR)
    WHERE pid IS NOT NULL AND port IS NOT NULL;
ALTER TABLE service_version DROP COLUMN pid;
ALTER TABLE service_version DROP COLUMN port;

-- Where a version's files are follows from the data directory, its name and version: a data directory may move.
ALTER TABLE service_version DROP COLUMN app_dir;
