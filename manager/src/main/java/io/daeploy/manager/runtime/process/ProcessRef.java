package io.daeploy.manager.runtime.process;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The process runtime's reference to a version's JVM, as the manager keeps it: {@code pid=1234 port=41234}. */
record ProcessRef(long pid, int port) {

    private static final Pattern FORMAT = Pattern.compile("pid=(\\d+) port=(\\d+)");

    static Optional<ProcessRef> parse(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(ref);
        return m.matches() ? Optional.of(new ProcessRef(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "pid=" + pid + " port=" + port;
    }
}
