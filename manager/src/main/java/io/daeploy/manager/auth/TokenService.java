package io.daeploy.manager.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed tokens (JWT, HMAC-SHA256) for browser sessions, API clients and deployed services.
 * API and service tokens are also stored, so that any of them can be revoked, expiring or not;
 * their validity is cached in memory because the gateway checks a token on every request. Sessions are
 * not stored, only those ended by a logout before they expired. Every manager on the database accepts the tokens of
 * all (they share the signing secret), and follows their revocations and logouts within a second
 * ({@link RevocationFollower}).
 */
public final class TokenService {

    public static final String SESSION = "session";
    public static final String API = "api";
    public static final String SERVICE = "service";
    public static final Duration SESSION_LIFETIME = Duration.ofDays(7);

    private static final String ISSUER = "daeploy-manager";

    private final AuthStore store;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Map<String, Boolean> storedValid = new ConcurrentHashMap<>();
    private final Set<String> endedSessions = ConcurrentHashMap.newKeySet();
    private final RevocationFollower follower;

    TokenService(AuthStore store) {
        this.store = store;
        this.algorithm = Algorithm.HMAC256(store.signingSecret());
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).build();
        this.follower = new RevocationFollower(store, this::forget);
        endedSessions.addAll(store.endedSessions(SESSION));
    }

    /** A token for a browser session of {@code user}, valid for 7 days. */
    public String session(String user) {
        return sign(user, SESSION, UUID.randomUUID().toString(), Optional.of(Instant.now().plus(SESSION_LIFETIME)));
    }

    /** A stored API token; {@code lifetime} empty means it never expires (it can still be revoked). */
    public Map<String, Object> apiToken(String user, Optional<Duration> lifetime) {
        String id = UUID.randomUUID().toString();
        Optional<Instant> expires = lifetime.map(Instant.now()::plus);
        String token = sign(user, API, id, expires);
        store.insertToken(new AuthStore.TokenRow(id, user, API, Instant.now(), expires, false, Optional.empty()));
        return expires.<Map<String, Object>>map(e -> Map.of("id", id, "token", token, "expiresAt", e.toString()))
                .orElse(Map.of("id", id, "token", token));
    }

    /** The token of a deployed version: the same one for every start of that version, until it is killed. */
    public synchronized String serviceToken(String qualifiedName) {
        List<AuthStore.TokenRow> existing = store.tokensOf(qualifiedName, SERVICE);
        if (!existing.isEmpty() && existing.get(0).token().isPresent()) {
            return existing.get(0).token().get();
        }
        String id = UUID.randomUUID().toString();
        String token = sign(qualifiedName, SERVICE, id, Optional.empty());
        store.insertToken(new AuthStore.TokenRow(id, qualifiedName, SERVICE, Instant.now(), Optional.empty(), false,
                                                 Optional.of(token)));
        return token;
    }

    public void revokeServiceToken(String qualifiedName) {
        revokeAllOf(qualifiedName);
    }

    /**
     * Logs a session out: its token stops working here and now, not only in the browser that drops the cookie.
     * Other tokens are left as they are (an API token is revoked by its id).
     *
     * @return whether {@code token} was a session that is now ended
     */
    public boolean endSession(String token) {
        DecodedJWT jwt = decode(token).orElse(null);
        if (jwt == null || !SESSION.equals(jwt.getClaim("kind").asString()) || jwt.getId() == null || !endedSessions.add(jwt.getId())) {
            return false;
        }
        store.insertToken(new AuthStore.TokenRow(jwt.getId(), jwt.getSubject(), SESSION, Instant.now(),
                                                 Optional.ofNullable(jwt.getExpiresAtAsInstant()), true, Optional.empty()));
        return true;
    }

    /** Who a token belongs to, or empty when it is forged, expired, revoked, logged out or of a removed user. */
    public Optional<Principal> verify(String token) {
        DecodedJWT jwt = decode(token).orElse(null);
        if (jwt == null) {
            return Optional.empty();
        }
        follower.catchUp();
        String kind = jwt.getClaim("kind").asString();
        String subject = jwt.getSubject();
        String id = jwt.getId();
        if (SERVICE.equals(kind)) {
            return storedAndValid(id) ? Optional.of(new Principal(subject, Principal.Role.SERVICE, id)) : Optional.empty();
        }
        if (API.equals(kind) && !storedAndValid(id) || SESSION.equals(kind) && endedSessions.contains(id)) {
            return Optional.empty();
        }
        // empty when the user was removed
        return store.userIsAdmin(subject).map(admin -> new Principal(subject, admin ? Principal.Role.ADMIN : Principal.Role.USER, id));
    }

    /** Ids of a user's API tokens that still work. */
    public List<Map<String, Object>> apiTokensOf(String user) {
        return store.tokensOf(user, API).stream()
                .filter(row -> row.expires().map(e -> e.isAfter(Instant.now())).orElse(true))
                .map(row -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", row.id());
                    m.put("created", row.created().toString());
                    m.put("expiresAt", row.expires().map(Instant::toString).orElse(null));
                    return m;
                })
                .toList();
    }

    /** Revokes one of a user's API tokens; false when the user has no such token. */
    public boolean revoke(String user, String id) {
        Optional<AuthStore.TokenRow> row = store.token(id);
        if (row.isEmpty() || !row.get().subject().equals(user) || !row.get().kind().equals(API)) {
            return false;
        }
        // the database first, then the cache: a verify in between would otherwise cache the old "valid" again
        boolean revoked = store.revoke(id);
        storedValid.remove(id);
        return revoked;
    }

    /** Removes every token of a removed user. */
    public void revokeAll(String user) {
        revokeAllOf(user);
    }

    /**
     * The database first, then the cache: cleared before, a verify in between would cache the old "valid" again.
     * A verify that read the database before the update is still computing under the map's lock, which the
     * remove waits for, so its stale answer is removed too.
     */
    private void revokeAllOf(String subject) {
        store.revokeAllOf(subject);
        store.tokenIdsOf(subject).forEach(storedValid::remove);
    }

    /** A revocation or a logout, made here or by another manager. */
    private void forget(AuthStore.Revocation revocation) {
        if (SESSION.equals(revocation.kind())) {
            endedSessions.add(revocation.id());
        } else {
            storedValid.computeIfPresent(revocation.id(), (id, valid) -> false);
        }
    }

    /** The token's claims when we signed it and it has not expired. */
    private Optional<DecodedJWT> decode(String token) {
        try {
            return Optional.of(verifier.verify(token));
        } catch (JWTVerificationException e) {
            return Optional.empty();
        }
    }

    private boolean storedAndValid(String id) {
        if (id == null) {
            return false;
        }
        return storedValid.computeIfAbsent(id, k -> store.token(k).map(row -> !row.revoked()).orElse(false));
    }

    private String sign(String subject, String kind, String id, Optional<Instant> expires) {
        var builder = JWT.create().withIssuer(ISSUER).withSubject(subject).withJWTId(id).withClaim("kind", kind)
                .withIssuedAt(Instant.now());
        expires.ifPresent(builder::withExpiresAt);
        return builder.sign(algorithm);
    }
}
