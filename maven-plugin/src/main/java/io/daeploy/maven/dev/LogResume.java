package io.daeploy.maven.dev;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows a log over several connections without printing a line twice. Each new connection starts with the last
 * lines of the log again (a tail), which overlap what the previous one printed: they are held back while they match
 * the lines printed last, and only what comes after them is printed. A connection whose first lines match nothing
 * printed (a log that started anew) is printed whole.
 */
public final class LogResume {

    private final int remembered;
    private final Consumer<String> printer;
    private final Deque<String> printed = new ArrayDeque<>();
    /** While a new connection is matched against {@link #printed}: where in it each possible alignment would start. */
    private List<Integer> alignments = List.of();
    private final List<String> held = new ArrayList<>();
    private boolean aligning;

    /** @param remembered how many printed lines are kept to match against: the tail asked on reconnecting */
    public LogResume(int remembered, Consumer<String> printer) {
        this.remembered = remembered;
        this.printer = printer;
    }

    /** A new connection begins: its first lines may repeat what was printed. */
    public void reconnected() {
        aligning = !printed.isEmpty();
        held.clear();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < printed.size(); i++) {
            starts.add(i);
        }
        alignments = starts;
    }

    public void accept(String line) {
        if (!aligning) {
            print(line);
            return;
        }
        List<String> old = new ArrayList<>(printed);
        int position = held.size();
        List<Integer> still = new ArrayList<>();
        for (int start : alignments) {
            int at = start + position;
            if (at == old.size()) { // this alignment covered every printed line: this one is new
                aligning = false;
                held.clear();
                print(line);
                return;
            }
            if (old.get(at).equals(line)) {
                still.add(start);
            }
        }
        alignments = still;
        if (still.isEmpty()) { // no overlap: the connection brings lines not printed yet
            aligning = false;
            List<String> release = new ArrayList<>(held);
            held.clear();
            release.forEach(this::print);
            print(line);
        } else {
            held.add(line);
        }
    }

    private void print(String line) {
        printer.accept(line);
        printed.addLast(line);
        if (printed.size() > remembered) {
            printed.removeFirst();
        }
    }
}
