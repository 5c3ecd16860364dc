package io.daeploy.manager.auth;

/**
 * Who sent a request.
 *
 * @param name    user name, or {@code name_version} for a service
 * @param role    what it may do
 * @param tokenId the id of the token it used ({@code jti}), for logout and revocation
 */
public record Principal(String name, Role role, String tokenId) {

    public enum Role {
        /** every route, user administration included */
        ADMIN,
        /** every route but user administration */
        USER,
        /** a deployed service: may call services through the gateway and raise notifications */
        SERVICE
    }
}
