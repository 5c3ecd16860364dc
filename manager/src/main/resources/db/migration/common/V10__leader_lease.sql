-- Several managers on one database: the one that holds this lease (holder, until expires_at, epoch milliseconds) is the
-- leader; generation grows at every change of holder, so that a deposed leader's writes can be told apart and refused.
CREATE TABLE leader_lease (
    id INT PRIMARY KEY,
    holder VARCHAR(100),
    generation BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
INSERT INTO leader_lease (id, holder, generation, expires_at) VALUES (1, NULL, 0, 0);

-- observed: where the version's ready instances answer, as the leader saw them; the other managers route by it
ALTER TABLE service_version ADD COLUMN endpoints VARCHAR(4000) DEFAULT '' NOT NULL;
