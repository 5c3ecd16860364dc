package io.daeploy.manager.auth;

import io.daeploy.manager.api.ApiException;
import io.helidon.http.Status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The users of a manager: the admin (password from DAEPLOY_ADMIN_PASSWORD) and those the admin adds. */
public final class UserService {

    public static final String ADMIN = "admin";
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");
    private static final int MIN_PASSWORD = 8;

    private final AuthStore store;
    private final LoginThrottle throttle = new LoginThrottle();

    UserService(AuthStore store) {
        this.store = store;
    }

    void applyAdminPassword(String password) {
        store.putUser(ADMIN, Passwords.hash(password), true);
    }

    /** The user name when the password is right; refuses for a while after repeated failures. */
    String authenticate(String user, String password) {
        Instant now = Instant.now();
        Optional<java.time.Duration> locked = throttle.lockedFor(user, now);
        if (locked.isPresent()) {
            throw new ApiException(Status.TOO_MANY_REQUESTS_429, "Too many failed logins for " + user + "; try again in "
                    + Math.max(1, locked.get().toSeconds()) + " s");
        }
        boolean ok = store.passwordHash(user).map(hash -> Passwords.matches(password, hash)).orElse(false);
        if (!ok) {
            throttle.failed(user, now);
            throw new ApiException(Status.UNAUTHORIZED_401, "Wrong user name or password");
        }
        throttle.succeeded(user);
        return user;
    }

    List<String> names() {
        return store.userNames();
    }

    void add(String user, String password) {
        requireName(user);
        requirePassword(password);
        if (store.passwordHash(user).isPresent()) {
            throw ApiException.conflict("User " + user + " already exists");
        }
        store.putUser(user, Passwords.hash(password), false);
    }

    void changePassword(String user, String password) {
        requirePassword(password);
        if (user.equals(ADMIN)) {
            throw ApiException.forbidden("The admin password comes from DAEPLOY_ADMIN_PASSWORD at every start; change it there");
        }
        if (!store.updatePassword(user, Passwords.hash(password))) {
            throw ApiException.notFound("No user " + user);
        }
    }

    void remove(String user) {
        if (user.equals(ADMIN)) {
            throw ApiException.forbidden("The admin user cannot be removed");
        }
        if (!store.deleteUser(user)) {
            throw ApiException.notFound("No user " + user);
        }
    }

    private static void requireName(String user) {
        if (user == null || !NAME.matcher(user).matches()) {
            throw ApiException.unprocessable("user name must be 1-63 letters, digits, '.', '_' or '-'; got '" + user + "'");
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ApiException.unprocessable("password must have at least " + MIN_PASSWORD + " characters");
        }
    }
}
