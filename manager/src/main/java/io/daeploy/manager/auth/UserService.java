package io.daeploy.manager.auth;

import io.daeploy.manager.errors.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users of the managers on one database: the admin (created with the password of DAEPLOY_ADMIN_PASSWORD by the
 * first start, changed through the API afterwards) and those the admin adds.
 */
public final class UserService {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(UserService.class.getName());

    public static final String ADMIN = "admin";
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");
    private static final int MIN_PASSWORD = 8;

    /**
     * Checked against when the user does not exist, so that a login for an unknown name costs the same
     * hashing as one for a known name: how long the answer takes tells nothing about which names exist.
     */
    private static final String UNKNOWN_USER_HASH = Passwords.decoy();

    private final AuthStore store;
    private final Clock clock;
    private final Passwords passwords;
    private final LoginThrottle throttle;

    UserService(AuthStore store, LoginThrottle throttle) {
        this(store, throttle, Clock.systemUTC(), Passwords.PBKDF2);
    }

    /**
     * @param throttle  the failed logins, shared by the managers on the database
     * @param clock     when logins happen, for the lock of repeated failures
     * @param passwords how passwords are hashed and checked
     */
    UserService(AuthStore store, LoginThrottle throttle, Clock clock, Passwords passwords) {
        this.store = store;
        this.throttle = throttle;
        this.clock = clock;
        this.passwords = passwords;
    }

    /**
     * Creates the admin with this password unless it exists: a password changed since is kept, whichever manager
     * starts, and of two managers starting at once on an empty database one creates it.
     *
     * @return whether this call created it
     */
    public boolean createAdmin(String password) {
        return store.passwordHash(ADMIN).isEmpty() && store.addUserIfAbsent(ADMIN, passwords.hash(password), true);
    }

    /** The admin's password set anew (the way back in when it is forgotten), and the admin's lock after failed logins lifted. */
    public void resetAdminPassword(String password) {
        requirePassword(password);
        store.putUser(ADMIN, passwords.hash(password), true);
        throttle.succeeded(ADMIN);
    }

    /** The user name when the password is right; refuses for a while after repeated failures. */
    public String authenticate(String user, String password) {
        Instant now = clock.instant();
        Optional<Duration> locked = throttle.lockedFor(user, now);
        if (locked.isPresent()) {
            throw DomainException.tooManyAttempts("Too many failed logins for " + user + "; try again in "
                    + Math.max(1, locked.get().toSeconds()) + " s");
        }
        Optional<String> hash = store.passwordHash(user);
        boolean ok = passwords.matches(password, hash.orElse(UNKNOWN_USER_HASH)) && hash.isPresent();
        if (!ok) {
            throttle.failed(user, now);
            throw DomainException.unauthenticated("Wrong user name or password");
        }
        throttle.succeeded(user);
        if (Passwords.outdated(hash.get())) {
            // the password is at hand only now: a hash of an earlier, cheaper cost moves to today's
            store.updatePassword(user, passwords.hash(password));
            LOG.info(() -> "Rehashed the password of " + user + " at " + Passwords.ITERATIONS + " PBKDF2 iterations");
        }
        return user;
    }

    public List<String> names() {
        return store.userNames();
    }

    public void add(String user, String password) {
        requireName(user);
        requirePassword(password);
        if (store.passwordHash(user).isPresent()) {
            throw DomainException.conflict("User " + user + " already exists");
        }
        store.putUser(user, passwords.hash(password), false);
    }

    public void changePassword(String user, String password) {
        requirePassword(password);
        if (!store.updatePassword(user, passwords.hash(password))) {
            throw DomainException.notFound("No user " + user);
        }
    }

    public void remove(String user) {
        if (user.equals(ADMIN)) {
            throw DomainException.forbidden("The admin user cannot be removed");
        }
        if (!store.deleteUser(user)) {
            throw DomainException.notFound("No user " + user);
        }
    }

    private static void requireName(String user) {
        if (user == null || !NAME.matcher(user).matches()) {
            throw DomainException.invalid("user name must be 1-63 letters, digits, '.', '_' or '-'; got '" + user + "'");
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw DomainException.invalid("password must have at least " + MIN_PASSWORD + " characters");
        }
    }
}
