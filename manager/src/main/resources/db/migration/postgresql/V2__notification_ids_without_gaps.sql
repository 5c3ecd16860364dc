-- PostgreSQL's counterpart of h2/V2: the identity's sequence hands out one id at a time (its default; said here so
-- that both databases have a V2 and the reason is written down).
ALTER TABLE notification ALTER COLUMN id SET CACHE 1;
