package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which isolation a machine allows, and the command each one puts before the JVM's. */
class IsolationTest {

    private static final Path DATA = Path.of("/var/lib/daeploy");
    private static final Path VERSION = DATA.resolve("services/hello/1.0.0");
    private static final List<String> JAVA = List.of("/usr/bin/java", "-jar", VERSION + "/app/application.jar");

    private static Function<String, Optional<Path>> programs(String... names) {
        Map<String, Path> found = new java.util.HashMap<>();
        for (String name : names) {
            found.put(name, Path.of("/usr/bin", name));
        }
        return name -> Optional.ofNullable(found.get(name));
    }

    @Test
    void asRootEachServiceRunsAsItsUserThroughSetpriv() {
        Isolation isolation = Isolation.choose("auto", DATA, true, programs("setpriv", "useradd", "bwrap"), dir -> true);
        assertEquals(Isolation.Mode.USERS, isolation.mode());
        assertTrue(isolation.caveat().isEmpty());
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=998", "--regid=997", "--clear-groups", "--no-new-privs", "--"),
                ServiceUsers.prefix(Path.of("/usr/bin/setpriv"), new ServiceUsers.Account("daeploy-hello", 998, 997)));
    }

    @Test
    void asRootWithAParentNobodyElseMayPassServicesAreNotIsolatedAndTheCaveatSaysWhatToDo() {
        Isolation isolation = Isolation.choose("auto", Path.of("/root/.daeploy/manager"), true, programs("setpriv", "useradd"),
                dir -> !dir.equals(Path.of("/root")));
        assertEquals(Isolation.Mode.NONE, isolation.mode());
        String caveat = isolation.caveat().orElseThrow();
        assertTrue(caveat.contains("chmod o+x /root") && caveat.contains("DAEPLOY_DATA_DIR") && caveat.contains("docker"), caveat);
        assertEquals(JAVA, isolation.wrap("hello", VERSION, JAVA));
    }

    @Test
    void asRootWithoutSetprivTheCaveatSaysSo() {
        Isolation isolation = Isolation.choose("auto", DATA, true, programs("useradd", "bwrap"), dir -> true);
        assertEquals(Isolation.Mode.NONE, isolation.mode());
        assertTrue(isolation.caveat().orElseThrow().contains("setpriv"));
    }

    @Test
    void notRootWithBubblewrapTheDataDirectoryIsHiddenButTheVersionsFolder() {
        Isolation isolation = Isolation.choose("auto", DATA, false, programs("bwrap"), dir -> true);
        assertEquals(Isolation.Mode.SANDBOX, isolation.mode());
        assertTrue(isolation.caveat().isEmpty());
        List<String> command = isolation.wrap("hello", VERSION, JAVA);
        assertEquals(List.of("/usr/bin/bwrap", "--dev-bind", "/", "/", "--tmpfs", DATA.toString(),
                "--bind", VERSION.toString(), VERSION.toString(), "--proc", "/proc", "--unshare-pid", "--"),
                command.subList(0, command.size() - JAVA.size()));
        assertEquals(JAVA, command.subList(command.size() - JAVA.size(), command.size()));
        assertFalse(command.contains("--die-with-parent"), "services outlive a manager restart");
        assertFalse(command.contains("--unshare-net"), "services listen on the host's loopback");
    }

    @Test
    void theSandboxShowsTheSharedClassDataReadOnlyAndStillHidesTheRest() {
        Path shared = DATA.resolve("class-data");
        Isolation isolation = Isolation.choose("auto", DATA, false, programs("bwrap"), dir -> true).readOnly(shared);
        List<String> command = isolation.wrap("hello", VERSION, JAVA);
        assertEquals(List.of("/usr/bin/bwrap", "--dev-bind", "/", "/", "--tmpfs", DATA.toString(),
                "--ro-bind", shared.toString(), shared.toString(),
                "--bind", VERSION.toString(), VERSION.toString(), "--proc", "/proc", "--unshare-pid", "--"),
                command.subList(0, command.size() - JAVA.size()));
    }

    @Test
    void notRootWithoutBubblewrapTheCaveatSaysThatServicesCanReadTheManagersFiles() {
        Isolation isolation = Isolation.choose("auto", DATA, false, programs("setpriv", "useradd"), dir -> true);
        assertEquals(Isolation.Mode.NONE, isolation.mode());
        String caveat = isolation.caveat().orElseThrow();
        assertTrue(caveat.contains("can read its files") && caveat.contains("DAEPLOY_RUNTIME=docker"), caveat);
    }

    @Test
    void offIsOffWithoutACaveat() {
        for (boolean root : new boolean[] {true, false}) {
            Isolation isolation = Isolation.choose("off", DATA, root, programs("setpriv", "useradd", "bwrap"), dir -> true);
            assertEquals(Isolation.Mode.NONE, isolation.mode());
            assertTrue(isolation.caveat().isEmpty(), "the admin chose it");
            assertEquals(JAVA, isolation.wrap("hello", VERSION, JAVA));
        }
    }
}
