package io.daeploy.manager.api.auth;

import io.daeploy.manager.auth.UserService;
import io.daeploy.manager.auth.TokenService;
import io.daeploy.manager.auth.Principal;
import io.daeploy.manager.http.Credentials;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code /auth/...}: the login page and form, logout, verify, and API tokens. */
public final class AuthApi implements HttpService {

    private final UserService users;
    private final TokenService tokens;
    private final String loginPage;

    AuthApi(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
        this.loginPage = resource("/auth/login.html");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/login", this::page)
                .post("/login", this::login)
                .get("/logout", this::logout)
                .get("/verify", this::verify)
                .post("/token", this::createToken)
                .get("/token", this::listTokens)
                .delete("/token/{id}", this::revokeToken);
    }

    private void page(ServerRequest req, ServerResponse res) {
        String next = safeNext(req.query().first("next").orElse("/"));
        String error = req.query().first("error").orElse("");
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(loginPage.replace("{{next}}", html(next)).replace("{{error}}", html(error))
                         .replace("{{errorHidden}}", error.isEmpty() ? "hidden" : ""));
    }

    private void login(ServerRequest req, ServerResponse res) {
        Map<String, String> form = FormBody.parse(req.content().hasEntity() ? req.content().as(String.class) : "");
        String next = safeNext(form.getOrDefault("next", "/"));
        boolean browser = Browser.asksForPage(req);
        String user;
        try {
            requireCredentials(form);
            user = users.authenticate(form.get("username"), form.get("password"));
        } catch (DomainException e) {
            if (!browser) {
                throw e;
            }
            redirect(res, "/auth/login?error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8)
                    + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        res.headers().addCookie(SetCookie.builder(Credentials.COOKIE, tokens.session(user))
                .path("/")
                .httpOnly(true)
                .sameSite(SetCookie.SameSite.LAX)
                .secure(secure(req))
                .maxAge(TokenService.SESSION_LIFETIME)
                .build());
        redirect(res, next);
    }

    /**
     * A login without a user name or password is the caller's mistake (400 naming what is missing), not a failed
     * password guess that would count towards locking the name.
     */
    private static void requireCredentials(Map<String, String> form) {
        List<String> missing = Stream.of("username", "password").filter(f -> form.getOrDefault(f, "").isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw DomainException.malformed("Log in with the form fields username and password"
                    + " (application/x-www-form-urlencoded); missing: " + String.join(", ", missing));
        }
    }

    /** Ends the session the request carries (cookie or bearer token) and clears the cookie. */
    private void logout(ServerRequest req, ServerResponse res) {
        Credentials.token(req).ifPresent(tokens::endSession);
        res.headers().addCookie(SetCookie.builder(Credentials.COOKIE, "").path("/").httpOnly(true)
                .sameSite(SetCookie.SameSite.LAX).maxAge(Duration.ZERO).build());
        if (Browser.asksForPage(req)) {
            redirect(res, "/auth/login");
        } else {
            res.status(Status.NO_CONTENT_204).send(); // an API client (mvn daeploy:logout) has no page to go to
        }
    }

    private void verify(ServerRequest req, ServerResponse res) {
        Principal who = principal(req);
        JsonResponses.ok(res, Map.of("name", who.name(), "role", who.role().name().toLowerCase()));
    }

    /** {@code POST /auth/token?days=N}: a new API token of the caller; without days it never expires. */
    private void createToken(ServerRequest req, ServerResponse res) {
        Principal who = principal(req);
        Optional<Duration> lifetime = req.query().first("days").asOptional().map(days -> {
            try {
                int n = Integer.parseInt(days.trim());
                if (n > 0) {
                    return Duration.ofDays(n);
                }
            } catch (NumberFormatException ignored) {
                // the message below
            }
            throw DomainException.invalid("days must be a whole number of days ≥ 1 (or left out for a token that"
                    + " never expires); got '" + days + "'");
        });
        JsonResponses.send(res, Status.CREATED_201, tokens.apiToken(who.name(), lifetime));
    }

    private void listTokens(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, tokens.apiTokensOf(principal(req).name()));
    }

    private void revokeToken(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!tokens.revoke(principal(req).name(), id)) {
            throw DomainException.notFound("You have no token " + id);
        }
        JsonResponses.ok(res, Map.of("revoked", id));
    }

    private static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class)
                .orElseThrow(() -> DomainException.unauthenticated("Not logged in"));
    }

    /** Only a path on this manager: never an absolute URL, so the login cannot be used to send users elsewhere. */
    static String safeNext(String next) {
        // browsers drop tabs and line breaks from URLs, so "/\t/evil.example" would become "//evil.example"
        boolean control = next.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        return next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") && !control ? next : "/";
    }

    private static boolean secure(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map("https"::equalsIgnoreCase).orElse(false);
    }

    private static void redirect(ServerResponse res, String location) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String path) {
        try (InputStream in = AuthApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
