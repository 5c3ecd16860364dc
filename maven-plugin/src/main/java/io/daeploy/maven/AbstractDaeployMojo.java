package io.daeploy.maven;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What every daeploy goal shares: the manager URL and the client state file, each settable in the POM and
 * overridable with {@code -D}; the active host announced first; manager failures turned into one-line messages.
 * A goal implements {@link #run()} and stays thin: validate input, call the {@link ManagerClient}, print.
 */
public abstract class AbstractDaeployMojo extends AbstractMojo {

    /** Manager URL; else the active host of the state file; else {@value ActiveHost#DEFAULT}. */
    @Parameter(property = "daeploy.host")
    private String host;

    /** Client state file; else env {@code DAEPLOY_CONFIG}; else {@code ~/.daeploy/config.json}. */
    @Parameter(property = "daeploy.config")
    private String config;

    /** Seconds one manager call may take (a deploy waits until the service is healthy). */
    @Parameter(property = "daeploy.timeout")
    private Integer timeout;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    private ClientStateFile stateFile;
    private ClientState state;
    private String activeHost;
    private ManagerErrors.Subject subject = ManagerErrors.Subject.NONE;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        stateFile = new ClientStateFile(ConfigLocation.resolve(setting("daeploy.config", config), System::getenv,
                                                               System.getProperty("user.home")));
        state = readState();
        activeHost = resolveHost();
        getLog().info("Active host: " + activeHost);
        try {
            run();
        } catch (ManagerException e) {
            throw failure(ManagerErrors.describe(e, activeHost, subject), e);
        }
    }

    /** The goal itself; manager failures may propagate, the base class words them. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** How long a call of this goal may take when {@code daeploy.timeout} is not set. */
    protected Duration defaultTimeout() {
        return Duration.ofSeconds(60);
    }

    private String resolveHost() throws MojoFailureException {
        try {
            return ActiveHost.resolve(setting("daeploy.host", host), state);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }

    protected final String activeHost() {
        return activeHost;
    }

    protected final ClientState state() {
        return state;
    }

    /** A client of the active host, with its stored token. */
    protected final ManagerClient client() {
        return client(activeHost, state.tokenFor(activeHost));
    }

    protected final ManagerClient client(String url, String token) {
        Duration callTimeout = timeout != null && timeout > 0 ? Duration.ofSeconds(timeout) : defaultTimeout();
        return new ManagerClient(URI.create(url), token, callTimeout);
    }

    /** Names the service this goal works on, so failure messages can show the command that would work. */
    protected final void about(String name, String version) {
        subject = new ManagerErrors.Subject(name, version);
    }

    protected final void saveState(ClientState newState) throws MojoExecutionException {
        try {
            stateFile.write(newState);
            state = newState;
        } catch (IOException e) {
            throw failure("Cannot write the client state file " + stateFile.path() + ": " + e
                    + ". Check its permissions or choose another file with -Ddaeploy.config=PATH", e);
        }
    }

    /**
     * A setting as the user meant it (the jib rule): {@code -Dkey} wins over a value configured in the POM,
     * which wins over nothing (null). Maven alone would let the POM value hide the command line.
     */
    protected final String setting(String key, String configured) {
        if (session != null) {
            String fromUser = session.getUserProperties().getProperty(key);
            if (fromUser != null) {
                return fromUser;
            }
            String fromSystem = session.getSystemProperties().getProperty(key);
            if (fromSystem != null) {
                return fromSystem;
            }
        }
        return configured;
    }

    /** Like {@link #setting}, stripped, and null when blank: for optional text settings. */
    protected final String optional(String key, String configured) {
        String value = setting(key, configured);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A flag: set by {@code -Dkey} (no value means true), {@code -Dkey=true} or the POM. */
    protected final boolean flag(String key, boolean configured) {
        String value = setting(key, null);
        if (value == null) {
            return configured;
        }
        return value.isBlank() || Boolean.parseBoolean(value.strip());
    }

    /**
     * A one-line failure. The cause goes to the debug log (-X) rather than into the exception, because Maven
     * appends every cause's message to the error line, which would bury the advice.
     */
    protected final MojoExecutionException failure(String message, Exception cause) {
        getLog().debug(message, cause);
        return new MojoExecutionException(message);
    }

    protected final boolean interactive() {
        return session != null && session.getRequest().isInteractiveMode();
    }

    protected final void info(List<String> lines) {
        lines.forEach(getLog()::info);
    }

    private ClientState readState() throws MojoExecutionException {
        try {
            return stateFile.read();
        } catch (IOException e) {
            throw failure("Cannot read the client state file " + stateFile.path() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ". Fix or delete it (mvn"
                    + " daeploy:login writes it again), or use another one with -Ddaeploy.config=PATH", e);
        }
    }
}
