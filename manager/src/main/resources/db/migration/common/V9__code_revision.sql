-- daeploy:dev replaces the code of a deployed version in place: which revision of its application should run (0: the
-- one deployed; each reload counts up and has a folder of its own, app-<revision>).
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS revision INT DEFAULT 0 NOT NULL;
