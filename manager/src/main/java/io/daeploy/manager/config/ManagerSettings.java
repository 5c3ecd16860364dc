package io.daeploy.manager.config;

import io.daeploy.common.CorsPolicy;
import io.daeploy.common.IdleTimeouts;
import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the manager, read once from {@code application.yaml} with the documented
 * {@code DAEPLOY_*} environment variables taking precedence. Each value has a laptop-safe default.
 *
 * @param port                 HTTP port ({@code DAEPLOY_PORT}, 8080)
 * @param bind                 bind address ({@code DAEPLOY_BIND}, 127.0.0.1)
 * @param dataDir              state and applications ({@code DAEPLOY_DATA_DIR}, ~/.daeploy/manager)
 * @param runtime              process, docker or kubernetes ({@code DAEPLOY_RUNTIME}, process)
 * @param hostName             public name used in links ({@code DAEPLOY_HOST_NAME}, localhost)
 * @param maxUploadBytes       largest accepted application upload ({@code DAEPLOY_MAX_UPLOAD_MB}, 200 MB)
 * @param healthTimeout        how long a new version may take to become healthy ({@code DAEPLOY_HEALTH_TIMEOUT_SECONDS}, 60 s)
 * @param resyncInterval       how often every version is looked at again, even without a change or an event
 *                             ({@code DAEPLOY_RESYNC_SECONDS}, 30 s)
 * @param serviceJavaOptions   JVM options of service processes ({@code DAEPLOY_SERVICE_JAVA_OPTS})
 * @param serviceLogMaxBytes   a service log larger than this is rotated ({@code DAEPLOY_SERVICE_LOG_MAX_MB}, 10 MB)
 * @param shadowNice           CPU nice value of shadows, from 0 (as much CPU as the main) to 19, the lowest
 *                             ({@code DAEPLOY_SHADOW_NICE}, 19): shadows then use only the CPU the main path leaves idle
 * @param serviceIsolation     {@code auto}: the process runtime keeps services from the manager's files as far as the
 *                             machine allows (a user per service when the manager runs as root, else a bubblewrap
 *                             sandbox); {@code off}: services run as the manager's user ({@code DAEPLOY_SERVICE_ISOLATION}, auto)
 * @param serviceClassCache    {@code on}: the process runtime's services map a class-data archive of their libraries
 *                             shared by all, and each version gets a cache of its own for its later starts; {@code off}:
 *                             neither ({@code DAEPLOY_SERVICE_CLASS_CACHE}, on)
 * @param metrics              whether the gateway records its figures for {@code /observe/metrics}
 *                             ({@code DAEPLOY_METRICS}, true)
 * @param trafficSample        how often the dashboard's traffic charts get a point ({@code DAEPLOY_TRAFFIC_SAMPLE_SECONDS}, 5 s)
 * @param gateway              gateway timeouts
 * @param cors                 which other origins' pages may call the API and the gateway from a browser
 *                             ({@code DAEPLOY_CORS_ALLOWED_ORIGINS}, none; {@code DAEPLOY_CORS_ALLOW_CREDENTIALS}, false)
 * @param smtp                 e-mail server for notifications; empty when {@code DAEPLOY_SMTP_HOST} is not set
 * @param containers           images and containers of the docker and kubernetes runtimes
 * @param kubernetes           objects of the kubernetes runtime
 * @param idle                 scale to zero: the default idle time-out, and how requests wait for an idle version to wake
 * @param database             the store: H2 in the data directory, or PostgreSQL ({@code DAEPLOY_DATABASE_URL})
 * @param cluster              several managers on one PostgreSQL database: this one's name, the leader's lease, the
 *                             address in front of them all
 */
public record ManagerSettings(int port,
                              String bind,
                              Path dataDir,
                              String runtime,
                              String hostName,
                              long maxUploadBytes,
                              Duration healthTimeout,
                              Duration resyncInterval,
                              String serviceJavaOptions,
                              long serviceLogMaxBytes,
                              int shadowNice,
                              String serviceIsolation,
                              String serviceClassCache,
                              boolean metrics,
                              Duration trafficSample,
                              GatewaySettings gateway,
                              CorsPolicy cors,
                              Optional<SmtpSettings> smtp,
                              ContainerSettings containers,
                              KubernetesSettings kubernetes,
                              IdleSettings idle,
                              DatabaseSettings database,
                              ClusterSettings cluster) {

    /**
     * What a service JVM runs with unless {@code DAEPLOY_SERVICE_JAVA_OPTS} says otherwise, chosen by measurement
     * (bench/service-memory.sh): the serial collector for small heaps; a heap that starts at 8 MB and grows as the
     * service needs, since a JVM touches its whole first young generation; and both JIT tiers.
     */
    public static final String DEFAULT_SERVICE_JAVA_OPTIONS = "-XX:+UseSerialGC -Xss512k -Xms8m -Xmx256m";

    public ManagerSettings {
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("Setting DAEPLOY_RESYNC_SECONDS must be 1 or more, got " + resyncInterval.toSeconds());
        }
        if (trafficSample.isNegative() || trafficSample.isZero()) {
            throw new IllegalArgumentException("Setting DAEPLOY_TRAFFIC_SAMPLE_SECONDS must be 1 or more, got "
                    + trafficSample.toSeconds());
        }
        if (shadowNice < 0 || shadowNice > 19) {
            throw new IllegalArgumentException("Setting DAEPLOY_SHADOW_NICE must be from 0 (shadows get as much CPU as the"
                    + " main) to 19 (the least), got " + shadowNice);
        }
        if (!serviceIsolation.equals("auto") && !serviceIsolation.equals("off")) {
            throw new IllegalArgumentException("Setting DAEPLOY_SERVICE_ISOLATION must be auto or off, got '" + serviceIsolation + "'");
        }
        if (!serviceClassCache.equals("on") && !serviceClassCache.equals("off")) {
            throw new IllegalArgumentException("Setting DAEPLOY_SERVICE_CLASS_CACHE must be on or off, got '" + serviceClassCache + "'");
        }
    }

    /** The most an application's files may add up to: what an upload of {@link #maxUploadBytes} may unpack to. */
    public long maxUnpackedBytes() {
        return maxUploadBytes * 5;
    }

    /**
     * @param connectTimeout      time to open a connection to a service
     * @param readTimeout         time a service may take to answer (then 504); zero for no limit
     * @param mirrorMaxInFlight   copies in flight per shadow before further ones are dropped ({@code DAEPLOY_MIRROR_MAX_IN_FLIGHT}, 32)
     * @param mirrorMaxBodyBytes  larger request bodies are not mirrored ({@code DAEPLOY_MIRROR_MAX_BODY_KB}, 64 KB)
     */
    public record GatewaySettings(Duration connectTimeout, Duration readTimeout, int mirrorMaxInFlight, int mirrorMaxBodyBytes) {
        public GatewaySettings {
            if (readTimeout.isNegative()) {
                throw new IllegalArgumentException("Setting DAEPLOY_GATEWAY_READ_TIMEOUT_SECONDS must be 0 (no time-out) or more, got "
                        + readTimeout.toSeconds());
            }
        }
    }

    /**
     * @param defaultTimeout a version deployed without an idle time-out of its own is stopped after serving no request
     *                       for this long ({@code DAEPLOY_IDLE_TIMEOUT}: {@code 10m}, {@code 90s}; off by default)
     * @param wakeQueue      requests that may wait for one idle version to start; more get 503 with Retry-After
     *                       ({@code DAEPLOY_WAKE_QUEUE}, 100)
     * @param wakeTimeout    how long a request waits for an idle version to start before a 503 with Retry-After
     *                       ({@code DAEPLOY_WAKE_TIMEOUT_SECONDS}, 30 s)
     */
    public record IdleSettings(Duration defaultTimeout, int wakeQueue, Duration wakeTimeout) {

        public static final IdleSettings DEFAULTS = new IdleSettings(Duration.ZERO, 100, Duration.ofSeconds(30));

        public IdleSettings {
            if (wakeQueue < 1) {
                throw new IllegalArgumentException("Setting DAEPLOY_WAKE_QUEUE must be 1 or more, got " + wakeQueue);
            }
            if (wakeTimeout.isNegative() || wakeTimeout.isZero()) {
                throw new IllegalArgumentException("Setting DAEPLOY_WAKE_TIMEOUT_SECONDS must be 1 or more, got "
                        + wakeTimeout.toSeconds());
            }
        }
    }

    /**
     * @param host     {@code DAEPLOY_SMTP_HOST}
     * @param port     {@code DAEPLOY_SMTP_PORT} (25)
     * @param username {@code DAEPLOY_SMTP_USERNAME}, empty for no authentication
     * @param password {@code DAEPLOY_SMTP_PASSWORD}
     * @param from     {@code DAEPLOY_SMTP_FROM} (daeploy@host name)
     * @param startTls {@code DAEPLOY_SMTP_STARTTLS} (false)
     */
    public record SmtpSettings(String host, int port, Optional<String> username, Optional<String> password,
                               String from, boolean startTls) {

        @Override
        public String toString() {
            // never print the password
            return "SmtpSettings[" + host + ":" + port + ", user " + username.orElse("-") + ", from " + from + "]";
        }
    }

    /**
     * @param baseImage        image services are built on ({@code DAEPLOY_BASE_IMAGE}, eclipse-temurin:21-jre); a registry
     *                         reference, {@code docker://<image>} from the local Docker daemon or {@code tar://<path>}
     * @param registry         where built images are pushed ({@code DAEPLOY_REGISTRY}, e.g. {@code registry.example.com:5000});
     *                         empty: images go straight into the local Docker daemon
     * @param registryInsecure the registry (and a registry base image) speaks plain HTTP ({@code DAEPLOY_REGISTRY_INSECURE}, false)
     * @param memoryLimitMb    memory limit of each service container ({@code DAEPLOY_SERVICE_MEMORY_MB}); empty: none
     * @param inContainer      the manager itself runs in a container ({@code DAEPLOY_IN_CONTAINER}: true, false;
     *                         empty: detected from {@code /.dockerenv})
     */
    public record ContainerSettings(String baseImage, Optional<String> registry, boolean registryInsecure,
                                    Optional<Integer> memoryLimitMb, Optional<Boolean> inContainer) {
    }

    /**
     * @param namespace        where versions' objects go ({@code DAEPLOY_KUBERNETES_NAMESPACE}); empty: the manager's own
     *                         namespace in a cluster, else {@code default}
     * @param imagePullSecret  a Secret the cluster pulls images with ({@code DAEPLOY_KUBERNETES_IMAGE_PULL_SECRET})
     * @param managerUrl       where pods reach the manager ({@code DAEPLOY_KUBERNETES_MANAGER_URL}); empty: its Service
     *                         {@code daeploy-manager} in the namespace, at the manager's port
     * @param resources        requests and limits of each service container
     * @param probes           how the cluster probes {@code /observe/health}
     */
    public record KubernetesSettings(Optional<String> namespace, Optional<String> imagePullSecret, Optional<String> managerUrl,
                                     Resources resources, Probes probes) {
    }

    /**
     * Quantities as Kubernetes writes them ({@code 250m}, {@code 512Mi}); each overridable per deploy.
     *
     * @param cpuRequest    {@code DAEPLOY_SERVICE_CPU_REQUEST} (100m)
     * @param cpuLimit      {@code DAEPLOY_SERVICE_CPU_LIMIT} (none: a service may use idle CPU)
     * @param memoryRequest {@code DAEPLOY_SERVICE_MEMORY_REQUEST} (256Mi)
     * @param memoryLimit   {@code DAEPLOY_SERVICE_MEMORY_LIMIT} ({@code DAEPLOY_SERVICE_MEMORY_MB} when set, else 512Mi)
     */
    public record Resources(String cpuRequest, Optional<String> cpuLimit, String memoryRequest, Optional<String> memoryLimit) {
    }

    /**
     * The startup probe's budget is the health time-out ({@code DAEPLOY_HEALTH_TIMEOUT_SECONDS}); after it, readiness
     * decides whether a pod gets traffic and liveness whether it is restarted.
     *
     * @param startupPeriodSeconds       {@code DAEPLOY_KUBERNETES_STARTUP_PERIOD_SECONDS} (2)
     * @param readinessPeriodSeconds     {@code DAEPLOY_KUBERNETES_READINESS_PERIOD_SECONDS} (5)
     * @param readinessFailureThreshold  {@code DAEPLOY_KUBERNETES_READINESS_FAILURE_THRESHOLD} (2)
     * @param livenessPeriodSeconds      {@code DAEPLOY_KUBERNETES_LIVENESS_PERIOD_SECONDS} (10)
     * @param livenessFailureThreshold   {@code DAEPLOY_KUBERNETES_LIVENESS_FAILURE_THRESHOLD} (3)
     * @param timeoutSeconds             {@code DAEPLOY_KUBERNETES_PROBE_TIMEOUT_SECONDS} (2)
     */
    public record Probes(int startupPeriodSeconds, int readinessPeriodSeconds, int readinessFailureThreshold,
                         int livenessPeriodSeconds, int livenessFailureThreshold, int timeoutSeconds) {
        public Probes {
            for (int value : new int[] {startupPeriodSeconds, readinessPeriodSeconds, readinessFailureThreshold,
                    livenessPeriodSeconds, livenessFailureThreshold, timeoutSeconds}) {
                if (value < 1) {
                    throw new IllegalArgumentException("Settings DAEPLOY_KUBERNETES_*_SECONDS and *_THRESHOLD must be 1 or more,"
                            + " got " + value);
                }
            }
        }
    }

    /** A setting by its key ({@code host-name}): {@code DAEPLOY_HOST_NAME} when set, else {@code daeploy.host-name}. */
    static Function<String, Optional<String>> lookup(Config config, Map<String, String> env) {
        Config daeploy = config.get("daeploy");
        return key -> Optional.ofNullable(env.get("DAEPLOY_" + key.toUpperCase().replace('-', '_')))
                .filter(s -> !s.isBlank())
                .or(() -> daeploy.get(key).asString().asOptional());
    }

    /** Whether other managers may use its store (PostgreSQL), and with it its data directory. */
    public boolean sharesItsStore() {
        return database.url().isPresent();
    }

    public static ManagerSettings from(Config config, Map<String, String> env) {
        Function<String, Optional<String>> value = lookup(config, env);
        return new ManagerSettings(
                integer(value, "port", 8080),
                value.apply("bind").orElse("127.0.0.1"),
                value.apply("data-dir").map(Path::of)
                        .orElseGet(() -> DataDirectoryDefault.choose(value.apply("runtime").orElse("process"))).toAbsolutePath(),
                value.apply("runtime").orElse("process"),
                value.apply("host-name").orElse("localhost"),
                integer(value, "max-upload-mb", 200) * 1024L * 1024L,
                Duration.ofSeconds(integer(value, "health-timeout-seconds", 60)),
                Duration.ofSeconds(integer(value, "resync-seconds", 30)),
                value.apply("service-java-opts").orElse(DEFAULT_SERVICE_JAVA_OPTIONS),
                integer(value, "service-log-max-mb", 10) * 1024L * 1024L,
                integer(value, "shadow-nice", 19),
                value.apply("service-isolation").orElse("auto").trim(),
                value.apply("service-class-cache").orElse("on").trim(),
                bool(value, "metrics", true),
                Duration.ofSeconds(integer(value, "traffic-sample-seconds", 5)),
                new GatewaySettings(Duration.ofSeconds(integer(value, "gateway-connect-timeout-seconds", 5)),
                                    Duration.ofSeconds(integer(value, "gateway-read-timeout-seconds", 60)),
                                    integer(value, "mirror-max-in-flight", 32),
                                    integer(value, "mirror-max-body-kb", 64) * 1024),
                CorsPolicy.parse(value.apply("cors-allowed-origins").orElse(null), bool(value, "cors-allow-credentials", false)),
                value.apply("smtp-host").map(host -> new SmtpSettings(host,
                        integer(value, "smtp-port", 25),
                        value.apply("smtp-username"),
                        value.apply("smtp-password"),
                        value.apply("smtp-from").orElse("daeploy@" + value.apply("host-name").orElse("localhost")),
                        Boolean.parseBoolean(value.apply("smtp-starttls").orElse("false")))),
                new ContainerSettings(value.apply("base-image").orElse("eclipse-temurin:21-jre"),
                        value.apply("registry").map(r -> r.replaceFirst("/+$", "")),
                        Boolean.parseBoolean(value.apply("registry-insecure").orElse("false")),
                        value.apply("service-memory-mb").map(mb -> integer(value, "service-memory-mb", 0)),
                        value.apply("in-container").map(Boolean::parseBoolean)),
                new KubernetesSettings(value.apply("kubernetes-namespace"),
                        value.apply("kubernetes-image-pull-secret"),
                        value.apply("kubernetes-manager-url").map(u -> u.replaceFirst("/+$", "")),
                        new Resources(value.apply("service-cpu-request").orElse("100m"),
                                value.apply("service-cpu-limit"),
                                value.apply("service-memory-request").orElse("256Mi"),
                                value.apply("service-memory-limit").or(() -> value.apply("service-memory-mb").map(mb -> mb.trim() + "Mi"))
                                        .or(() -> Optional.of("512Mi"))),
                        new Probes(integer(value, "kubernetes-startup-period-seconds", 2),
                                integer(value, "kubernetes-readiness-period-seconds", 5),
                                integer(value, "kubernetes-readiness-failure-threshold", 2),
                                integer(value, "kubernetes-liveness-period-seconds", 10),
                                integer(value, "kubernetes-liveness-failure-threshold", 3),
                                integer(value, "kubernetes-probe-timeout-seconds", 2))),
                new IdleSettings(idleTimeout(value),
                        integer(value, "wake-queue", IdleSettings.DEFAULTS.wakeQueue()),
                        Duration.ofSeconds(integer(value, "wake-timeout-seconds", (int) IdleSettings.DEFAULTS.wakeTimeout().toSeconds()))),
                DatabaseSettings.from(value),
                ClusterSettings.from(value));
    }

    private static Duration idleTimeout(Function<String, Optional<String>> value) {
        try {
            return value.apply("idle-timeout").map(IdleTimeouts::parse).orElse(Duration.ZERO);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting DAEPLOY_IDLE_TIMEOUT " + e.getMessage(), e);
        }
    }

    static boolean bool(Function<String, Optional<String>> value, String key, boolean fallback) {
        Optional<String> raw = value.apply(key).map(String::trim);
        if (raw.isEmpty()) {
            return fallback;
        }
        if (!raw.get().equalsIgnoreCase("true") && !raw.get().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting DAEPLOY_" + key.toUpperCase().replace('-', '_')
                    + " must be true or false, got '" + raw.get() + "'");
        }
        return Boolean.parseBoolean(raw.get());
    }

    static int integer(Function<String, Optional<String>> value, String key, int fallback) {
        Optional<String> raw = value.apply(key);
        try {
            return raw.map(String::trim).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting DAEPLOY_" + key.toUpperCase().replace('-', '_')
                    + " must be a whole number, got '" + raw.get() + "'");
        }
    }
}
