package io.daeploy.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.util.List;

/**
 * What every daeploy goal shares, whether it talks to a manager or not: the client state file (settable in the POM and
 * overridable with {@code -D}), reading settings the way the user meant them, and one-line failures.
 */
public abstract class AbstractClientMojo extends AbstractMojo {

    /** Client state file; else env {@code DAEPLOY_CONFIG}; else {@code ~/.daeploy/config.json}. */
    @Parameter(property = "daeploy.config")
    private String config;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    private ClientStateFile stateFile;
    private ClientState state;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        stateFile = new ClientStateFile(ConfigLocation.resolve(setting("daeploy.config", config), System::getenv,
                                                               System.getProperty("user.home")));
        state = readState();
        goal();
    }

    /** What the goal does once the client state is read. */
    protected abstract void goal() throws MojoExecutionException, MojoFailureException;

    protected final ClientState state() {
        return state;
    }

    protected final ClientStateFile stateFile() {
        return stateFile;
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

    /** Maven may ask questions: not in batch mode ({@code -B}). */
    protected final boolean interactive() {
        return session != null && session.getRequest().isInteractiveMode();
    }

    /** Someone can answer a question now: not in batch mode, and at a terminal (not a pipe, not CI). */
    protected final boolean atTerminal() {
        return interactive() && ConsolePrompt.terminalAttached();
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
