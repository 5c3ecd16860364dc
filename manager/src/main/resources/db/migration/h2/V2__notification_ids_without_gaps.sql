-- H2 hands out identities in blocks of 32 and loses the rest of a block when the manager is killed: the ids users see
-- would jump. Without a cache each one counts on.
ALTER TABLE notification ALTER COLUMN id SET NO CACHE;
