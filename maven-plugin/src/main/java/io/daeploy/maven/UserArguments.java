package io.daeploy.maven;

import org.apache.maven.plugin.MojoFailureException;

/** The user name (and password) that the user-* goals need, from -D properties or the console. */
record UserArguments(String name, String password) {

    static UserArguments of(AbstractDaeployMojo mojo, String configuredName, String configuredPassword, boolean needsPassword)
            throws MojoFailureException {
        String name = mojo.optional("daeploy.username", configuredName);
        if (name == null) {
            throw new MojoFailureException("Say which user: -Ddaeploy.username=<name>");
        }
        if (!needsPassword) {
            return new UserArguments(name, null);
        }
        String password = mojo.optional("daeploy.password", configuredPassword);
        if (password == null) {
            if (!mojo.interactive()) {
                throw new MojoFailureException("Give the password with -Ddaeploy.password=... in batch mode (-B)");
            }
            password = new ConsolePrompt().secret("Password for " + name + ": ");
        }
        return new UserArguments(name, password);
    }
}
