-- How a name's shadows and canary are compared with its main: JSON pointers of fields left out (a JSON list), and
-- whether noise is detected by asking the main twice.
CREATE TABLE IF NOT EXISTS comparison (
    name VARCHAR(63) PRIMARY KEY,
    ignore_fields CLOB NOT NULL,
    detect_noise BOOLEAN DEFAULT FALSE NOT NULL
);
