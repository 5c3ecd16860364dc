package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of a process, whatever their length. {@code ProcessHandle.Info.arguments()} reads only the first 4 KB of
 * {@code /proc/<pid>/cmdline} on Linux and answers nothing beyond: a service's class path of shared libraries is longer.
 */
final class ProcessArguments {

    private ProcessArguments() {
    }

    /** The arguments after the command, as {@code ProcessHandle.Info.arguments()} would give them. */
    static Optional<List<String>> of(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            byte[] bytes = Files.readAllBytes(cmdline);
            if (bytes.length > 0) {
                List<String> words = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\0"));
                return Optional.of(List.copyOf(words.subList(1, words.size())));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException notHere) {
            // no /proc (not Linux), or the process is gone
        }
        return handle.info().arguments().map(List::of);
    }
}
