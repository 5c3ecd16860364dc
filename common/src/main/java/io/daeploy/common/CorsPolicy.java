package io.daeploy.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which web pages of other origins may call over HTTP from a browser (CORS), and the headers that say so. One policy
 * for the manager (its API and its gateway) and for SDK services run by themselves, read from the same variables:
 * {@value #ALLOWED_ORIGINS} (a comma-separated list of {@code scheme://host[:port]}, or {@code *} for any origin;
 * none: no CORS headers at all) and {@value #ALLOW_CREDENTIALS} ({@code true}: pages may send cookies; never with
 * {@code *}). Plain values only, so that both servers apply it through their own thin filter.
 *
 * @param origins          the allowed origins as browsers write them (lower case, no default port); empty: CORS off
 * @param anyOrigin        {@code *}: every origin is allowed
 * @param allowCredentials pages may send cookies and read the answers
 */
public record CorsPolicy(Set<String> origins, boolean anyOrigin, boolean allowCredentials) {

    public static final String ALLOWED_ORIGINS = "DAEPLOY_CORS_ALLOWED_ORIGINS";
    public static final String ALLOW_CREDENTIALS = "DAEPLOY_CORS_ALLOW_CREDENTIALS";

    /** Every method a page may use; HEAD and GET never need asking, the rest are what the APIs answer. */
    public static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";
    /** Headers a page may read on an answer besides the CORS-safelisted ones: which version answered. */
    public static final String EXPOSED_HEADERS = "X-Daeploy-Version";
    /** How long a browser may keep a preflight's answer before asking again. */
    public static final int MAX_AGE_SECONDS = 600;

    public static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    public static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    public static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    public static final String ALLOW_CREDENTIALS_HEADER = "Access-Control-Allow-Credentials";
    public static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    public static final String MAX_AGE = "Access-Control-Max-Age";
    public static final String REQUEST_METHOD = "Access-Control-Request-Method";
    public static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    /** A preflight's answer depends on all three; an actual answer on the origin alone. */
    public static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private static final String ANY = "*";
    private static final Set<String> METHODS = Set.of(ALLOWED_METHODS.split(", "));
    /** scheme://host[:port]: a name, an IPv4 address or a bracketed IPv6 one, nothing after the port. */
    private static final Pattern ORIGIN = Pattern.compile("([a-z][a-z0-9+.-]*)://"
            + "(\\[[0-9a-f:.]+]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)"
            + "(:(\\d{1,5}))?");
    /** A header name (RFC 9110 token). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public CorsPolicy {
        origins = Collections.unmodifiableSet(new LinkedHashSet<>(origins)); // in the order given, for the log
        if (anyOrigin && allowCredentials) {
            throw new IllegalArgumentException("Setting " + ALLOW_CREDENTIALS + "=true cannot go with " + ALLOWED_ORIGINS
                    + "=*: any page could then act with its visitors' cookies; list the origins instead");
        }
    }

    /** No CORS: no header is added and no preflight answered (the default). */
    public static CorsPolicy off() {
        return new CorsPolicy(Set.of(), false, false);
    }

    /** The policy the variables of this environment set; a bad value is refused, naming the variable. */
    public static CorsPolicy fromEnvironment(Map<String, String> env) {
        String credentials = Optional.ofNullable(env.get(ALLOW_CREDENTIALS)).map(String::trim).orElse("");
        if (!credentials.isEmpty() && !credentials.equalsIgnoreCase("true") && !credentials.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting " + ALLOW_CREDENTIALS + " must be true or false, got '"
                    + credentials + "'");
        }
        return parse(env.get(ALLOWED_ORIGINS), Boolean.parseBoolean(credentials));
    }

    /**
     * The policy of a comma-separated list of origins ({@code null} or blank: off).
     *
     * @throws IllegalArgumentException naming {@value #ALLOWED_ORIGINS} and the entry that is no origin
     */
    public static CorsPolicy parse(String list, boolean allowCredentials) {
        if (list == null || list.isBlank()) {
            if (allowCredentials) {
                throw new IllegalArgumentException("Setting " + ALLOW_CREDENTIALS + "=true needs " + ALLOWED_ORIGINS
                        + ": the origins whose pages may send cookies");
            }
            return off();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        if (entries.contains(ANY)) {
            if (entries.size() > 1) {
                throw new IllegalArgumentException("Setting " + ALLOWED_ORIGINS + ": * allows any origin and goes alone,"
                        + " got '" + list.trim() + "'");
            }
            return new CorsPolicy(Set.of(), true, allowCredentials);
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : entries) {
            origins.add(origin(entry));
        }
        return new CorsPolicy(origins, false, allowCredentials);
    }

    /** The origin as a browser sends it in {@code Origin}: lower case, without the scheme's default port. */
    private static String origin(String entry) {
        Matcher m = ORIGIN.matcher(entry.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw notAnOrigin(entry);
        }
        int port = m.group(7) == null ? -1 : Integer.parseInt(m.group(7));
        if (port == 0 || port > 65535) {
            throw notAnOrigin(entry);
        }
        String scheme = m.group(1);
        boolean defaultPort = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + m.group(2) + (port < 0 || defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException notAnOrigin(String entry) {
        return new IllegalArgumentException("Setting " + ALLOWED_ORIGINS + ": '" + entry + "' is not an origin; write"
                + " scheme://host[:port] with no path, not even a trailing slash (https://app.example.com,"
                + " http://localhost:3000), or * alone for any origin");
    }

    /** Whether any origin is allowed at all; off, the servers add nothing. */
    public boolean enabled() {
        return anyOrigin || !origins.isEmpty();
    }

    /** Who may call, for a log line: "pages of https://app.example.com (with credentials)". */
    public String describe() {
        if (!enabled()) {
            return "no page of another origin";
        }
        return "pages of " + (anyOrigin ? "any origin" : String.join(", ", origins)) + (allowCredentials ? " (with credentials)" : "");
    }

    /** Whether pages of this origin (the request's {@code Origin}) may call. */
    public boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /** Whether answers differ by the request's origin, so that caches must keep them apart ({@code Vary: Origin}). */
    public boolean variesByOrigin() {
        return enabled() && !anyOrigin;
    }

    /** Whether a header is one of the CORS answer headers, which only the policy sets. */
    public static boolean isCorsHeader(String name) {
        return name.regionMatches(true, 0, "Access-Control-", 0, "Access-Control-".length());
    }

    /**
     * The answer to a preflight ({@code OPTIONS} with {@code Origin} and {@value #REQUEST_METHOD}).
     *
     * @param requestHeaders the value of {@value #REQUEST_HEADERS}, or null
     */
    public Preflight preflight(String origin, String method, String requestHeaders) {
        if (!allows(origin)) {
            return Preflight.refused("Origin " + origin + " is not allowed to call here (" + ALLOWED_ORIGINS + ")");
        }
        if (!METHODS.contains(method)) {
            return Preflight.refused("Method " + method + " is not allowed across origins; allowed: " + ALLOWED_METHODS);
        }
        List<String> asked = new ArrayList<>();
        if (requestHeaders != null) {
            for (String header : requestHeaders.split(",")) {
                String name = header.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (!TOKEN.matcher(name).matches()) {
                    return Preflight.refused("'" + name + "' in " + REQUEST_HEADERS + " is no header name");
                }
                asked.add(name);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ALLOW_ORIGIN, anyOrigin ? ANY : origin);
        headers.put(ALLOW_METHODS, ALLOWED_METHODS);
        if (!asked.isEmpty()) {
            // any header the page asks for: the services behind the gateway decide which they read
            headers.put(ALLOW_HEADERS, String.join(", ", asked));
        }
        if (allowCredentials) {
            headers.put(ALLOW_CREDENTIALS_HEADER, "true");
        }
        headers.put(MAX_AGE, Integer.toString(MAX_AGE_SECONDS));
        return new Preflight(true, headers, null);
    }

    /** The CORS headers of the answer to an actual request from this origin; none for an origin not allowed. */
    public Map<String, String> actual(String origin) {
        if (!allows(origin)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ALLOW_ORIGIN, anyOrigin ? ANY : origin);
        if (allowCredentials) {
            headers.put(ALLOW_CREDENTIALS_HEADER, "true");
        }
        headers.put(EXPOSE_HEADERS, EXPOSED_HEADERS);
        return headers;
    }

    /**
     * What a preflight gets.
     *
     * @param allowed whether the page may send its request (then 204 with the headers, else 403 with the refusal)
     * @param headers the CORS headers of a 204
     * @param refusal why not, for the one who reads the 403
     */
    public record Preflight(boolean allowed, Map<String, String> headers, String refusal) {

        static Preflight refused(String why) {
            return new Preflight(false, Map.of(), why);
        }
    }
}
