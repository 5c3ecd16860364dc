package io.daeploy.sdk;

import java.time.Instant;

/**
 * One stored value of a monitored variable. Numbers are kept as numbers (so a database query can
 * compute with them), text as text, and everything else as its JSON.
 *
 * @param number the value when {@code kind} is {@link Kind#NUMBER}
 * @param text   the value when {@code kind} is {@link Kind#TEXT}, or its JSON when {@link Kind#JSON}
 */
record MonitoredValue(String variable, Instant timestamp, Kind kind, double number, String text) {

    enum Kind {
        NUMBER("N"), TEXT("T"), JSON("J");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The one-letter code in the database's KIND column. */
        String code() {
            return code;
        }

        static Kind ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown value kind '" + code + "'");
        }
    }

    static MonitoredValue number(String variable, Instant timestamp, double value) {
        return new MonitoredValue(variable, timestamp, Kind.NUMBER, value, null);
    }

    static MonitoredValue text(String variable, Instant timestamp, String value) {
        return new MonitoredValue(variable, timestamp, Kind.TEXT, 0, value);
    }

    static MonitoredValue json(String variable, Instant timestamp, String json) {
        return new MonitoredValue(variable, timestamp, Kind.JSON, 0, json);
    }
}
