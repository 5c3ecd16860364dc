package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Linux's CPU groups per session ("autogroups"). A service started in a session of its own gets a group of its own,
 * and the group's nice value can be raised and lowered again between 0 and 19 by the owner without privileges,
 * which a thread's nice value cannot: only root may lower that again. So a shadow's group can go to nice 19 and
 * back to 0 when it becomes the main, and the kernel gives the shadow only the CPU the other groups leave idle.
 */
final class Autogroups {

    private static final Path ENABLED = Path.of("/proc/sys/kernel/sched_autogroup_enabled");
    private static final Path CGROUP = Path.of("/proc/self/cgroup");
    private static final Pattern NICE = Pattern.compile("nice (-?\\d+)");

    private Autogroups() {
    }

    /** Whether the kernel weighs CPU by autogroup for processes started from here. */
    static boolean weighed() {
        try {
            return Files.isReadable(ENABLED) && Files.readString(ENABLED).trim().equals("1") && inRootCpuGroup();
        } catch (IOException e) {
            return false;
        }
    }

    /** The {@code setsid} program, which starts a command in a new session; empty where there is none. */
    static Optional<Path> sessionStarter() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin", "/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "setsid"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Autogroups weigh only tasks of the root CPU cgroup, not those of, say, a systemd slice with a CPU controller. */
    private static boolean inRootCpuGroup() throws IOException {
        return inRootCpuGroup(Files.readAllLines(CGROUP), group -> Files.exists(Path.of("/sys/fs/cgroup", group, "cpu.weight")));
    }

    /** @param cpuWeighed whether a cgroup v2 group (a path) has the CPU controller on */
    static boolean inRootCpuGroup(List<String> lines, Predicate<String> cpuWeighed) {
        for (String line : lines) { // cgroup v1: "4:cpu,cpuacct:/path"
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && List.of(fields[1].split(",")).contains("cpu")) {
                return fields[2].equals("/");
            }
        }
        for (String line : lines) { // cgroup v2: "0::/path", weighed by CPU when that group has cpu.weight
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && fields[0].equals("0") && fields[1].isEmpty()) {
                return fields[2].equals("/") || !cpuWeighed.test(fields[2]);
            }
        }
        return true;
    }

    /** {@code command} run by {@code starter} in a session, and so an autogroup, of its own (same pid: setsid only forks a group leader). */
    static List<String> inOwnSession(Path starter, List<String> command) {
        return Stream.concat(Stream.of(starter.toString()), command.stream()).toList();
    }

    /** Whether the process leads its own session, so that its autogroup is its alone (and not, say, the manager's). */
    static boolean leadsOwnSession(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ppid pgrp session ...: comm may hold spaces and parentheses, so count from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]) == pid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Sets the nice value of the autogroup of a process that leads its own session. Refused for any other: its group
     * is its parent's session's, maybe the manager's own (a child started through {@code setsid} is in the manager's
     * group until it has called setsid; lowering that group starved the manager's gateway under load).
     */
    static void setNice(long pid, int nice) throws IOException {
        if (!leadsOwnSession(pid)) {
            throw new IOException("pid " + pid + " does not lead a session of its own; its CPU group is not its alone");
        }
        Files.writeString(Path.of("/proc", Long.toString(pid), "autogroup"), Integer.toString(nice));
    }

    static OptionalInt nice(long pid) {
        try {
            Matcher m = NICE.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "autogroup")));
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
