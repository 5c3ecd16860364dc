-- A version other than the main may answer a share of its name's requests (a canary): the percentage, and whether a
-- client that got one version keeps it (a cookie) until the share changes. At most one version of a name has a share.
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS weight INT DEFAULT 0 NOT NULL;
ALTER TABLE service_version ADD COLUMN IF NOT EXISTS sticky BOOLEAN DEFAULT FALSE NOT NULL;
