package io.daeploy.maven;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.net.URI;
import java.time.Duration;

/**
 * What every goal that talks to a manager shares: the manager URL, settable in the POM and overridable with {@code -D};
 * the active host announced first, as the original CLI did; manager failures turned into one-line messages.
 * A goal implements {@link #run()} and stays thin: validate input, call the {@link ManagerClient}, print.
 */
public abstract class AbstractDaeployMojo extends AbstractClientMojo {

    /** Manager URL; else the active host of the state file; else {@value ActiveHost#DEFAULT}. */
    @Parameter(property = "daeploy.host")
    private String host;

    /** Seconds one manager call may take (a deploy waits until the service is healthy). */
    @Parameter(property = "daeploy.timeout")
    private Integer timeout;

    private String activeHost;
    private ManagerErrors.Subject subject = ManagerErrors.Subject.NONE;

    @Override
    protected final void goal() throws MojoExecutionException, MojoFailureException {
        try {
            activeHost = chooseHost(optional("daeploy.host", host));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
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

    /**
     * The manager this run talks to, from {@code -Ddaeploy.host} (or null); login overrides it to offer the known hosts.
     *
     * @throws IllegalArgumentException when the URL is not usable; the message says how to fix it
     */
    protected String chooseHost(String hostSetting) {
        return ActiveHost.resolve(hostSetting, state());
    }

    /** Whether {@code daeploy.host} was given (on the command line or in the POM) rather than taken from the state. */
    protected final boolean hostGiven() {
        return optional("daeploy.host", host) != null;
    }

    protected final String activeHost() {
        return activeHost;
    }

    /** A client of the active host, with its stored token. */
    protected final ManagerClient client() {
        return client(activeHost, state().tokenFor(activeHost));
    }

    protected final ManagerClient client(String url, String token) {
        Duration callTimeout = timeout != null && timeout > 0 ? Duration.ofSeconds(timeout) : defaultTimeout();
        return new ManagerClient(URI.create(url), token, callTimeout);
    }

    /** Names the service this goal works on, so failure messages can show the command that would work. */
    protected final void about(String name, String version) {
        subject = new ManagerErrors.Subject(name, version);
    }
}
