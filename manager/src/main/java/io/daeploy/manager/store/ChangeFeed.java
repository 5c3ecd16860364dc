package io.daeploy.manager.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * What other managers changed, as PostgreSQL tells it ({@code LISTEN}; the database's triggers {@code NOTIFY} every
 * change of a version and of the lease): each change reaches every manager within milliseconds. Notifications sent
 * while the feed's connection was down are lost: once it is back, the listener hears {@link Listener#missedSome} and
 * reads everything again. H2 is one manager's own: its feed tells nothing.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());
    private static final String VERSIONS = "daeploy_versions";
    private static final String LEASE = "daeploy_lease";
    private static final int WAIT_MILLIS = 500;

    /** Called on the feed's own thread, one at a time. */
    public interface Listener {
        /** A version ({@code name_version}) was deployed, changed, observed or deleted. */
        void versionChanged(String qualifiedName);

        /** The lease changed hands or was released. */
        void leaseChanged();

        /** Changes may have been missed (the feed reconnected): read everything again. */
        void missedSome();
    }

    private final Database database;
    private final Listener listener;
    private volatile boolean closed;
    private volatile Connection current;

    private ChangeFeed(Database database, Listener listener) {
        this.database = database;
        this.listener = listener;
    }

    /** Listens from now on, on a thread of its own; a feed of H2 tells nothing. */
    public static ChangeFeed start(Database database, Listener listener) {
        ChangeFeed feed = new ChangeFeed(database, listener);
        if (database.shared()) {
            Thread.ofPlatform().name("daeploy-change-feed").daemon().start(feed::run);
        }
        return feed;
    }

    private void run() {
        boolean first = true;
        boolean toldAway = false;
        while (!closed) {
            try (Connection connection = database.openAnother(); Statement statement = connection.createStatement()) {
                current = connection;
                statement.execute("LISTEN " + VERSIONS);
                statement.execute("LISTEN " + LEASE);
                if (!first || toldAway) {
                    LOG.info("Listening to the database's changes again");
                    listener.missedSome();
                }
                first = false;
                toldAway = false;
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification one : received) {
                            dispatch(one);
                        }
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                if (!toldAway) {
                    LOG.warning(() -> "Lost the database's change feed (" + e.getMessage() + "); the periodic resync covers"
                            + " for it until it is back");
                    toldAway = true;
                }
                pause();
            } catch (RuntimeException e) {
                LOG.warning(() -> "A change from the database could not be followed: " + e);
            }
        }
    }

    private void dispatch(PGNotification notification) {
        try {
            switch (notification.getName()) {
                case VERSIONS -> listener.versionChanged(notification.getParameter());
                case LEASE -> listener.leaseChanged();
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Following " + notification.getName() + " " + notification.getParameter() + " failed: " + e
                    + "; the periodic resync tries again");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // stopping anyway
            }
        }
    }
}
