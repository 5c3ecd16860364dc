-- Every manager LISTENs: a change of a version (by any manager, the API's or the leader's) and of the lease is told at
-- once, so that routing follows within a second and a released lease is taken over without waiting for it to expire.
CREATE FUNCTION daeploy_version_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('daeploy_versions', OLD.name || '_' || OLD.version);
    ELSE
        PERFORM pg_notify('daeploy_versions', NEW.name || '_' || NEW.version);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER version_changed AFTER INSERT OR UPDATE OR DELETE ON service_version
    FOR EACH ROW EXECUTE FUNCTION daeploy_version_changed();

CREATE FUNCTION daeploy_lease_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('daeploy_lease', COALESCE(NEW.holder, ''));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER lease_changed AFTER UPDATE OF holder, generation, expires_at ON leader_lease
    FOR EACH ROW WHEN (NEW.holder IS DISTINCT FROM OLD.holder OR NEW.generation <> OLD.generation
                       OR NEW.expires_at < OLD.expires_at)
    EXECUTE FUNCTION daeploy_lease_changed();
