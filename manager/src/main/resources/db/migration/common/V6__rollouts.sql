-- A rollout per name (the latest; a new one replaces a finished one): the version brought in, its plan (JSON), where
-- it is (phase, step, failed checks, paused) and what happened so far (history, JSON).
CREATE TABLE IF NOT EXISTS rollout (
    name VARCHAR(63) PRIMARY KEY,
    version VARCHAR(63) NOT NULL,
    plan CLOB NOT NULL,
    phase VARCHAR(16) NOT NULL,
    step INT NOT NULL,
    paused BOOLEAN DEFAULT FALSE NOT NULL,
    failures INT DEFAULT 0 NOT NULL,
    previous_main VARCHAR(63),
    started TIMESTAMP WITH TIME ZONE NOT NULL,
    updated TIMESTAMP WITH TIME ZONE NOT NULL,
    reason VARCHAR(4000),
    history CLOB NOT NULL
);
