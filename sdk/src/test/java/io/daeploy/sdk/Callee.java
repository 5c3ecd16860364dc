package io.daeploy.sdk;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A service that other services call in the cross-service tests. */
public class Callee {

    public record Pair(int a, int b) {
    }

    public record Sum(int total, String by) {
    }

    private final int face;

    public Callee(int face) {
        this.face = face;
    }

    @Entrypoint
    public int roll() {
        return face;
    }

    @Entrypoint
    public List<Integer> many(int n) {
        return Collections.nCopies(n, face);
    }

    @Entrypoint
    public Sum sum(int a, int b) {
        return new Sum(a + b, "callee " + face);
    }

    @Entrypoint(method = "GET")
    public String echo(String text, int times, List<Integer> values, Optional<String> note) {
        return text.repeat(times) + " " + values + " " + note.orElse("no note");
    }

    @Entrypoint(method = "DELETE")
    public String remove(String id) {
        return "removed " + id;
    }

    @Entrypoint
    public String slow(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "done";
    }

    @Entrypoint
    public String word() {
        return "six";
    }

    @Entrypoint
    public void nothing() {
    }

    @Entrypoint
    public String broken() {
        throw new IllegalStateException("the die fell off the table");
    }
}
