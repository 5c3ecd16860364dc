-- Several managers on one database: what each one's gateway counted, per version, so that whichever manager answers
-- the API, the dashboard or a rollout's judgement adds up the figures of all (issue 24). Counters and histogram
-- buckets only (never percentiles), so that they add up. A row per manager process (incarnation): a manager that
-- restarts counts from zero in a new row, and the old row keeps what it had counted. Rows of a version go with it.
-- No trigger: nothing waits for these, each manager reads them every few seconds.
CREATE TABLE IF NOT EXISTS manager_figures (
    incarnation VARCHAR(64) NOT NULL,
    manager VARCHAR(100) NOT NULL,
    name VARCHAR(63) NOT NULL,
    version VARCHAR(63) NOT NULL,
    figures CLOB NOT NULL,
    last_request_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (incarnation, name, version)
);
CREATE INDEX IF NOT EXISTS manager_figures_version ON manager_figures (name, version);
