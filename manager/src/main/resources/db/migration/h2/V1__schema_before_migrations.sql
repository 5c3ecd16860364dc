-- The schema as managers before migrations made it, table by table when first needed. IF NOT EXISTS: a data
-- directory of such a manager is baselined below this version, so this creates what it lacks and keeps the rest.
CREATE TABLE IF NOT EXISTS service_version (
    name VARCHAR(63) NOT NULL,
    version VARCHAR(63) NOT NULL,
    main BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    since TIMESTAMP WITH TIME ZONE NOT NULL,
    image VARCHAR(512),
    reason VARCHAR(4000),
    port INT,
    pid BIGINT,
    app_dir VARCHAR(1024) NOT NULL,
    env CLOB NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE IF NOT EXISTS notification (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    service_name VARCHAR(63) NOT NULL,
    service_version VARCHAR(63) NOT NULL,
    message VARCHAR(4000) NOT NULL,
    severity VARCHAR(16) NOT NULL,
    emails CLOB NOT NULL,
    timer_seconds BIGINT NOT NULL,
    count BIGINT NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_emailed TIMESTAMP WITH TIME ZONE,
    UNIQUE (service_name, service_version, message, severity)
);

CREATE TABLE IF NOT EXISTS manager_user (
    name VARCHAR(63) PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    admin BOOLEAN NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS api_token (
    id VARCHAR(64) PRIMARY KEY,
    subject VARCHAR(200) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    expires TIMESTAMP WITH TIME ZONE,
    revoked BOOLEAN NOT NULL,
    token VARCHAR(2000)
);

CREATE TABLE IF NOT EXISTS manager_setting (
    name VARCHAR(63) PRIMARY KEY,
    setting_value VARCHAR(2000) NOT NULL
);
