package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.config.ManagerSettings;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.image.ImageBuilder;
import io.daeploy.manager.logs.LogQuery;
import io.daeploy.manager.runtime.Observation;
import io.daeploy.manager.runtime.ProbedInstances;
import io.daeploy.manager.runtime.ProbedInstances.Launched;
import io.daeploy.manager.runtime.RuntimeEvent;
import io.daeploy.manager.runtime.ServiceRuntime;
import io.daeploy.manager.runtime.VersionSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs each service version as a Docker container {@code daeploy-<name>-<version>} on {@code daeploy-network},
 * from the image {@link ImageBuilder} made of its upload (or an existing image). Docker restarts a crashed
 * container a few times ({@code on-failure:3}), so one that dies at start-up gives up instead of looping;
 * once Docker gives up the manager's own back-off takes over. Output is kept by Docker's json-file driver,
 * rotated at {@code DAEPLOY_SERVICE_LOG_MAX_MB}. Containers outlive the manager and are found again by label.
 */
public final class DockerRuntime implements ServiceRuntime, ProbedInstances.Host {

    /** How often Docker restarts a container that exits with an error before giving up. */
    static final int RESTART_RETRIES = 3;
    /** How long the old container of a reloaded version still runs after the new one took the traffic. */
    private static final Logger LOG = Logger.getLogger(DockerRuntime.class.getName());
    private static final int STOP_GRACE_SECONDS = 10;
    private static final int LOG_FILES = 3;
    private static final int DEFAULT_CPU_SHARES = 1024;
    private static final int LAST_WORDS = 20;
    private static final long PULL_MINUTES = 10;
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final DockerClient docker;
    private final ImageBuilder images;
    private final ManagerPlacement placement;
    private final ContainerWatcher watcher;
    private final DockerLogs logs;
    private final Optional<Integer> memoryLimitMb;
    private final long logMaxBytes;
    private final int shadowNice;
    /** The output of containers removed by {@link #delete}, to explain a failure afterwards. */
    private final Map<String, List<String>> lastWords = new ConcurrentHashMap<>();
    private final ProbedInstances instances;

    private DockerRuntime(DockerClient docker, ImageBuilder images, ManagerPlacement placement, Optional<Integer> memoryLimitMb,
                          long logMaxBytes, int shadowNice, java.time.Duration healthTimeout) {
        this.shadowNice = shadowNice;
        this.docker = docker;
        this.images = images;
        this.placement = placement;
        this.memoryLimitMb = memoryLimitMb;
        this.logMaxBytes = logMaxBytes;
        this.watcher = new ContainerWatcher(docker);
        this.logs = new DockerLogs(docker);
        this.instances = new ProbedInstances(healthTimeout, this);
    }

    /** Connects to Docker Engine; an engine that does not answer stops the manager with an IllegalStateException saying so. */
    public static DockerRuntime connect(ManagerSettings settings, ContentStore content) {
        if (settings.port() == 0) {
            // containers keep DAEPLOY_MANAGER_URL for life, across manager restarts: the port must not change
            throw new IllegalArgumentException("DAEPLOY_PORT=0 (any free port) does not work with DAEPLOY_RUNTIME=docker:"
                    + " choose a port, e.g. DAEPLOY_PORT=8080");
        }
        DockerClient docker = DockerConnection.open();
        ServiceNetwork network = ServiceNetwork.ensure(docker);
        ManagerPlacement placement = ManagerPlacement.decide(docker, network, settings.containers().inContainer(),
                                                             settings.bind(), settings.port());
        List<String> javaOptions = settings.serviceJavaOptions() == null || settings.serviceJavaOptions().isBlank()
                ? List.of() : Arrays.asList(settings.serviceJavaOptions().trim().split("\\s+"));
        ImageBuilder images = new ImageBuilder(settings.containers(), settings.dataDir(), javaOptions, docker, content);
        images.checkBaseImage().ifPresent(problem -> LOG.warning(problem + " (deploys that build an image fail until"
                + " this is fixed; running existing images works)"));
        LOG.info(() -> "Docker runtime: images on " + settings.containers().baseImage() + " into "
                + settings.containers().registry().map(r -> "the registry " + r).orElse("the local Docker daemon")
                + ", containers on " + ServiceNetwork.NAME + " (gateway " + network.gateway() + ")");
        return new DockerRuntime(docker, images, placement, settings.containers().memoryLimitMb(), settings.serviceLogMaxBytes(),
                                 settings.shadowNice(), settings.healthTimeout());
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Optional<String> problem() {
        return images.baseImageProblem();
    }

    @Override
    public String prepare(String name, String version, Path appDir, DeployProgress progress) {
        String image = images.build(name, version, appDir, progress);
        if (images.pushesToRegistry()) {
            progress.step("Pulling " + image + " into the local Docker daemon");
            pull(image); // the daemon may hold an older image of the same name and version
        }
        return image;
    }

    @Override
    public String prepareImage(String image, DeployProgress progress) {
        String reference = ImageReferences.withDefaultTag(image);
        progress.step("Looking for " + reference + " in the local Docker daemon, pulling it if needed");
        try {
            ensureLocal(reference);
        } catch (IllegalStateException e) {
            throw DomainException.invalid("The image " + reference + " is not in the local Docker daemon and cannot be"
                    + " pulled: " + e.getMessage());
        }
        return reference;
    }

    @Override
    public boolean restartsCrashedInstances() {
        return false; // Docker's policy gives up after a few tries; then the manager's supervisor takes over
    }

    @Override
    public void events(Consumer<RuntimeEvent> listener) {
        instances.events(listener);
        watcher.onRestart(restarted -> {
            instances.restarted(restarted.qualifiedName());
            listener.accept(restarted);
        });
    }

    @Override
    public Observation observe(VersionSpec spec, String ref) {
        return instances.observe(spec.qualifiedName());
    }

    @Override
    public Ensured ensure(VersionSpec spec, String ref) {
        if (instances.isTracked(spec.qualifiedName())) {
            return Ensured.ALREADY_RUNNING;
        }
        Optional<InspectContainerResponse> found = container(spec);
        if (found.isPresent()) {
            InspectContainerResponse.ContainerState state = found.get().getState();
            if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
                Launched running = launched(found.get(), spec);
                if (instances.healthy(running.endpoint())) {
                    instances.adopted(spec, running);
                    LOG.info(() -> "Adopted " + spec.qualifiedName() + " still running at " + running.endpoint());
                    return Ensured.ADOPTED;
                }
            }
        }
        instances.launched(spec, start(spec));
        return Ensured.STARTED;
    }

    /** A container with the new code beside the running one; the traffic moves once it is healthy. */
    @Override
    public void replace(VersionSpec spec, String ref) {
        instances.replace(spec, () -> ensure(spec, ref), () -> start(spec));
    }

    @Override
    public boolean replacesWithoutGap() {
        return true;
    }

    private Launched start(VersionSpec spec) {
        String image = spec.image() != null ? spec.image()
                : images.build(spec.name(), spec.version(), spec.applicationDir(), DeployProgress.NONE);
        ensureLocal(image);
        String name = ContainerLabels.containerName(spec);
        remove(name);
        lastWords.remove(spec.qualifiedName());

        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(ServiceNetwork.NAME)
                .withRestartPolicy(RestartPolicy.onFailureRestart(RESTART_RETRIES))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of(
                        "max-size", Math.max(1, logMaxBytes / (1024 * 1024)) + "m", "max-file", Integer.toString(LOG_FILES))));
        memoryLimitMb.ifPresent(mb -> host.withMemory(mb * 1024L * 1024L));
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withName(name)
                .withLabels(ContainerLabels.of(spec))
                .withEnv(environment(spec.environment()))
                .withHostConfig(host);
        placement.configure(create, host, spec);
        String id = create.exec().getId();
        docker.startContainerCmd(id).exec();
        Launched launched = launched(docker.inspectContainerCmd(id).exec(), spec);
        LOG.info(() -> "Started " + spec.qualifiedName() + " as container " + name + " (" + image + ") at " + launched.endpoint());
        return launched;
    }

    /** A shadow's container gets the CPU shares the kernel gives a nice {@code DAEPLOY_SHADOW_NICE} task; the main Docker's default. */
    @Override
    public void prioritize(VersionSpec record, String ref) {
        int shares = record.answering() ? DEFAULT_CPU_SHARES : cpuSharesOfNice(shadowNice);
        try {
            docker.updateContainerCmd(ContainerLabels.containerName(record)).withCpuShares(shares).exec();
        } catch (NotFoundException gone) {
            // stopped meanwhile: its next start is weighed again once healthy
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not give " + record.qualifiedName() + " " + shares + " CPU shares: " + e.getMessage());
        }
    }

    /** Linux weighs nice n as 1024 / 1.25^n (nice 19: 15); Docker's cpu shares use the same scale, from 2. */
    static int cpuSharesOfNice(int nice) {
        return (int) Math.max(2, Math.round(DEFAULT_CPU_SHARES / Math.pow(1.25, nice)));
    }

    @Override
    public void delete(VersionSpec spec, String ref) {
        instances.forget(spec.qualifiedName());
        removeContainer(spec);
        removeOtherRevisions(spec);
    }

    /** Containers of the version's other code (reloads, one that failed to start): none outlives the version. */
    private void removeOtherRevisions(VersionSpec spec) {
        docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.NAME, spec.name(), ContainerLabels.VERSION, spec.version())).exec()
                .forEach(container -> remove(container.getId()));
    }

    @Override
    public void stop(VersionSpec spec, Launched instance) {
        removeContainer(spec);
    }

    private void removeContainer(VersionSpec record) {
        Optional<InspectContainerResponse> container = container(record);
        if (container.isEmpty()) {
            return;
        }
        String id = container.get().getId();
        lastWords.put(record.qualifiedName(), logs.last(id, LAST_WORDS));
        try {
            docker.stopContainerCmd(id).withTimeout(STOP_GRACE_SECONDS).exec();
        } catch (NotModifiedException alreadyStopped) {
            // nothing to stop
        } catch (NotFoundException gone) {
            return;
        }
        remove(id);
    }

    @Override
    public void discard(VersionSpec record) {
        if (record.image() != null) {
            try {
                Map<String, String> labels = docker.inspectImageCmd(record.image()).exec().getConfig().getLabels();
                if (ImageBuilder.builtFor(labels, record.name(), record.version())) {
                    docker.removeImageCmd(record.image()).exec();
                    LOG.info(() -> "Removed the image " + record.image() + " of " + record.qualifiedName());
                }
            } catch (NotFoundException gone) {
                // removed already
            } catch (ConflictException inUse) {
                LOG.info(() -> "Kept the image " + record.image() + ": " + dockerMessage(inUse));
            }
        }
        images.pruneCaches();
    }

    @Override
    public Map<String, Object> inspect(VersionSpec record, String ref) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("runtime", name());
        info.put("image", record.image());
        info.put("container", ContainerLabels.containerName(record));
        Optional<InspectContainerResponse> found = container(record);
        if (found.isEmpty()) {
            info.put("state", "no container");
            return info;
        }
        InspectContainerResponse c = found.get();
        InspectContainerResponse.ContainerState state = c.getState();
        info.put("containerId", c.getId().substring(0, 12));
        info.put("imageId", c.getImageId());
        info.put("state", state.getStatus());
        info.put("alive", Boolean.TRUE.equals(state.getRunning()));
        info.put("startedAt", state.getStartedAt());
        info.put("exitCode", state.getExitCodeLong());
        info.put("dockerRestarts", c.getRestartCount());
        info.put("endpoint", instanceEndpoint(c, record));
        info.put("network", ServiceNetwork.NAME);
        Integer shares = c.getHostConfig().getCpuShares();
        info.put("cpuShares", shares == null || shares == 0 ? DEFAULT_CPU_SHARES : shares);
        info.put("memoryLimitBytes", c.getHostConfig().getMemory() == null || c.getHostConfig().getMemory() == 0
                ? null : c.getHostConfig().getMemory());
        return info;
    }

    @Override
    public void logs(VersionSpec record, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        Optional<InspectContainerResponse> container = container(record);
        if (container.isPresent()) {
            logs.stream(container.get().getId(), query, out, keepFollowing);
            return;
        }
        for (String line : lastWords.getOrDefault(record.qualifiedName(), List.of())) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public List<String> recentOutput(VersionSpec record, int lines) {
        List<String> recent = container(record).map(c -> logs.last(c.getId(), lines)).orElse(List.of());
        if (!recent.isEmpty()) {
            return recent;
        }
        List<String> kept = lastWords.getOrDefault(record.qualifiedName(), List.of());
        return kept.subList(Math.max(0, kept.size() - lines), kept.size());
    }

    @Override
    public List<String> running() {
        return docker.listContainersCmd()
                .withLabelFilter(Map.of(ContainerLabels.TYPE, ContainerLabels.SERVICE))
                .exec().stream()
                .map(c -> ContainerLabels.qualifiedName(c.getLabels()))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The service environment inside the container, sorted so the same version always gets the same one. */
    private List<String> environment(Map<String, String> serviceEnvironment) {
        Map<String, String> env = new TreeMap<>(serviceEnvironment);
        env.put("PORT", Integer.toString(ImageBuilder.SERVICE_PORT));
        env.put("DAEPLOY_SERVICE_BIND", "0.0.0.0");
        if (env.containsKey("DAEPLOY_MANAGER_URL")) {
            env.put("DAEPLOY_MANAGER_URL", placement.managerUrlForServices(env.get("DAEPLOY_MANAGER_URL")));
        }
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private Launched launched(InspectContainerResponse container, VersionSpec spec) {
        return new Launched(placement.endpoint(container, spec), container.getId(), watcher.exitOf(container.getId()));
    }

    private String instanceEndpoint(InspectContainerResponse container, VersionSpec record) {
        try {
            return placement.endpoint(container, record).toString();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** The version's container, when there is one and it carries the version's labels. */
    private Optional<InspectContainerResponse> container(VersionSpec record) {
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(ContainerLabels.containerName(record)).exec();
            return ContainerLabels.belongsTo(c.getConfig().getLabels(), record) ? Optional.of(c) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void remove(String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    /** Pulls an image the daemon does not have (one built for a registry, or an existing one deployed by reference). */
    private void ensureLocal(String image) {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException missing) {
            pull(image);
        }
    }

    private void pull(String image) {
        LOG.info(() -> "Pulling " + image);
        try {
            if (!docker.pullImageCmd(image).start().awaitCompletion(PULL_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("pulling " + image + " took longer than " + PULL_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(dockerMessage(e), e);
        }
    }

    /** Docker's own words from an error answer ({@code Status 500: {"message":"..."}}), else the exception's. */
    private static String dockerMessage(RuntimeException e) {
        String text = String.valueOf(e.getMessage());
        Matcher m = DOCKER_MESSAGE.matcher(text);
        return m.find() ? m.group(1).replace("\\\"", "\"") : text.strip();
    }
}
