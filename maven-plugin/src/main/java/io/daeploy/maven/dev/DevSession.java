package io.daeploy.maven.dev;

import io.daeploy.common.ApplicationFiles;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.UploadSummary;
import io.daeploy.maven.ByteSize;
import io.daeploy.maven.DeployArchive;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One {@code daeploy:dev} session: the working copy deployed (or reloaded, when that name and version runs already),
 * its log followed, and every save turned into a reload of the same version, until Ctrl-C.
 */
public final class DevSession {

    /** What the session works on and with. */
    public record Settings(String host, String name, String version, boolean shadow, Map<String, String> env) {
    }

    private final Settings settings;
    private final ManagerClient client;
    private final ProjectLayout layout;
    private final IncrementalCompiler compiler;
    private final FullBuild fullBuild;
    private final GatewayCheck gateway;
    private final Log log;
    private final StopSignal stop;
    private final ManagerRetry retry;
    private ApplicationJar jar;

    public DevSession(Settings settings, ManagerClient client, ProjectLayout layout, IncrementalCompiler compiler,
                      FullBuild fullBuild, GatewayCheck gateway, Log log, StopSignal stop) {
        this.settings = settings;
        this.client = client;
        this.layout = layout;
        this.compiler = compiler;
        this.fullBuild = fullBuild;
        this.gateway = gateway;
        this.log = log;
        this.stop = stop;
        this.retry = new ManagerRetry(settings.host(), log::warn, stop::stopped, pause -> Thread.sleep(pause.toMillis()));
    }

    /**
     * Deploys or reloads the working copy, then reloads it at each save until {@link StopSignal#stop()}.
     *
     * @throws SessionFailure when the first deploy fails: there is nothing to reload then
     */
    public void run() throws IOException, SessionFailure {
        jar = ApplicationJar.from(layout.jar());
        try (SourceWatcher watcher = new SourceWatcher(layout, Duration.ofMillis(100))) {
            start();
            log.info("Watching src/main/java, src/main/resources and pom.xml: save a file to reload " + label()
                    + "; Ctrl-C to stop");
            try (LogFollower ignored = LogFollower.start(client, settings.name(), settings.version(), log::info)) {
                for (ChangeSet change = watcher.next(stop::stopped); change != null; change = watcher.next(stop::stopped)) {
                    reload(change);
                }
            }
        } finally {
            Thread.interrupted(); // Ctrl-C interrupted the waiting; the last words below still talk to the manager
            finish();
        }
    }

    /** The first deploy, as {@code daeploy:deploy} makes it; or a reload, when this name and version runs already. */
    private void start() throws IOException, SessionFailure {
        List<ServiceVersion> services = client.services();
        boolean deployed = services.stream().anyMatch(s -> s.name().equals(settings.name()) && s.version().equals(settings.version()));
        if (settings.shadow() && services.stream().noneMatch(s -> s.name().equals(settings.name()) && s.main())) {
            throw new SessionFailure("There is no main version of " + settings.name() + " on " + settings.host() + " for the"
                    + " working copy to shadow: deploy one first (mvn package daeploy:deploy), or leave out -Ddaeploy.shadow");
        }
        ApplicationFiles files = applicationFiles();
        UploadSummary sent = client.uploadMissing(files);
        if (deployed) {
            log.info(label() + " is deployed already: reloading it with this working copy (" + uploaded(sent) + ")");
            try {
                client.reload(settings.name(), settings.version(), files.entries(), log::info);
            } catch (ManagerException e) {
                if (e.status() != 422) {
                    throw e;
                }
                refused(e);
                return;
            }
        } else {
            log.info("Deploying " + label() + " from this working copy (" + uploaded(sent) + ")"
                    + (settings.shadow() ? " as a shadow of the main " + settings.name() : ""));
            ServiceVersion version = client.deployManifest(settings.name(), settings.version(), settings.env(), files.entries(),
                                                           DeployOptions.DEFAULTS, step -> log.info("  " + step));
            if ("failed".equals(version.status())) {
                throw new SessionFailure(label() + " did not become healthy: " + version.reason()
                        + ". Fix it and run mvn daeploy:dev again (the failed version stays listed: mvn daeploy:kill"
                        + " -Ddaeploy.name=" + settings.name() + " -Ddaeploy.version=" + settings.version() + " -Ddaeploy.yes)");
            }
        }
        log.info(label() + " answers at " + settings.host() + "/services/" + settings.name() + "_" + settings.version() + "/"
                + (settings.shadow() ? ", and gets a copy of the traffic of " + settings.host() + "/services/" + settings.name() + "/"
                : ""));
    }

    /** One save: rebuild what it changed, upload what the manager lacks, replace the running code, say how long it took. */
    private void reload(ChangeSet change) {
        try {
            if (!rebuild(change)) {
                return;
            }
            ApplicationFiles files = applicationFiles();
            if (settings.shadow()) {
                compareSinceLastReload();
            }
            UploadSummary sent = retry.call(() -> client.uploadMissing(files));
            ServiceVersion reloaded;
            try {
                reloaded = retry.call(() -> client.reload(settings.name(), settings.version(), files.entries(), log::debug));
            } catch (ManagerException e) {
                if (e.status() == 404 && listed()) {
                    log.error("The manager at " + settings.host() + " cannot reload (an earlier release, without POST"
                            + " /services/~reload): update it, or deploy each change with mvn package daeploy:deploy");
                    return;
                }
                if (e.status() == 404) { // killed meanwhile, or a manager that lost it: deploy it again
                    log.warn(label() + " is no longer deployed: deploying it again");
                    reloaded = retry.call(() -> client.deployManifest(settings.name(), settings.version(), settings.env(),
                            files.entries(), DeployOptions.DEFAULTS, log::debug));
                } else if (e.status() == 422) {
                    refused(e);
                    return;
                } else {
                    throw e;
                }
            }
            if ("failed".equals(reloaded.status())) {
                log.error("The new code of " + label() + " did not start: " + reloaded.reason());
                return;
            }
            int health = gateway.status();
            log.info(ReloadReport.reloaded(settings.name(), settings.version(), Duration.between(change.savedAt(), Instant.now()),
                                           change.describe(), uploaded(sent), health));
        } catch (ManagerException e) {
            if (!stop.stopped()) {
                log.error("The reload of " + label() + " failed: " + e.getMessage() + ". The next save tries again");
            }
        } catch (IOException | RuntimeException e) {
            if (!stop.stopped()) {
                log.error("The reload of " + label() + " failed: " + e + ". The next save tries again", e);
            }
        }
    }

    /** Compiles and packs the change; false (with the compiler's or the build's messages printed) when it failed. */
    private boolean rebuild(ChangeSet change) throws IOException {
        if (change.pom()) {
            log.info("pom.xml changed: building the project again in a child Maven process (" + String.join(" ",
                    fullBuild.command()) + ")");
            try {
                if (!fullBuild.run(line -> log.info("  " + line))) {
                    log.error("The build failed: nothing was redeployed; " + label() + " keeps its code. Fix it and save"
                            + " again");
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            jar = ApplicationJar.from(layout.jar());
            return true;
        }
        IncrementalCompiler.Outcome compiled = compiler.compile(change);
        if (!compiled.compiled()) {
            log.error("Compile error in " + change.describe() + ": nothing was redeployed; " + label()
                    + " keeps its code. Fix it and save again");
            compiled.messages().forEach(log::error);
            return false;
        }
        compiled.messages().forEach(log::warn);
        ResourceCopier.apply(change, layout);
        jar.write(layout.classes(), layout.jar());
        return true;
    }

    private void compareSinceLastReload() {
        try {
            ShadowComparison.lines(retry.call(() -> client.shadowComparison(settings.name())), settings.version())
                    .forEach(log::info);
        } catch (ManagerException e) {
            log.warn("No shadow comparison: " + e.getMessage());
        }
    }

    /** The manager's 422: the new code did not start or answer its health check; the old one serves on. */
    private void refused(ManagerException e) {
        log.error("The new code of " + label() + " did not start, so the old code keeps serving. The manager said:");
        e.detail().lines().forEach(line -> log.error("  " + line));
        log.error("Fix it and save again");
    }

    /** Ctrl-C: one line on what stays; a shadow made for the session goes. */
    private void finish() {
        if (!stop.stopped()) {
            return; // a failed start: Maven says why
        }
        if (settings.shadow()) {
            try {
                client.kill(settings.name(), settings.version());
                log.info("Stopped watching. Killed the shadow " + label() + "; the main " + settings.name()
                        + " stays deployed as it was");
            } catch (ManagerException e) {
                log.warn("Stopped watching. The shadow " + label() + " could not be killed (" + e.getMessage()
                        + "): mvn daeploy:kill -Ddaeploy.name=" + settings.name() + " -Ddaeploy.version=" + settings.version()
                        + " -Ddaeploy.yes");
            }
            return;
        }
        log.info("Stopped watching. " + label() + " stays deployed with the code of the last reload, at " + settings.host()
                + "/services/" + settings.name() + "_" + settings.version() + "/ (mvn daeploy:kill -Ddaeploy.name="
                + settings.name() + " -Ddaeploy.version=" + settings.version() + " -Ddaeploy.yes removes it)");
    }

    /** Whether the manager lists this name and version. */
    private boolean listed() {
        return client.services().stream().anyMatch(s -> s.name().equals(settings.name()) && s.version().equals(settings.version()));
    }

    private ApplicationFiles applicationFiles() throws IOException {
        return ApplicationFiles.of(DeployArchive.files(layout.jar(), layout.libs()));
    }

    private String label() {
        return settings.name() + " " + settings.version();
    }

    private static String uploaded(UploadSummary sent) {
        return sent.changedFiles() == 0 ? "nothing new to upload"
                : "uploaded " + ByteSize.format(sent.uploadedBytes()) + ": " + sent.changedFiles() + " of " + sent.files()
                        + " files";
    }

    /** The session could not start. */
    public static final class SessionFailure extends Exception {
        public SessionFailure(String message) {
            super(message);
        }
    }
}
