package io.daeploy.sdk;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Short ids that tie a 500 answer to its stack trace in the log; unique enough to find one line, not a secret. */
final class ErrorIds {

    private ErrorIds() {
    }

    /** Twelve hex digits, e.g. {@code 3f2a9c1b07de}. */
    static String next() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
    }
}
