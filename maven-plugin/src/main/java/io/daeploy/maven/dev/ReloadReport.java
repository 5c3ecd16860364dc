package io.daeploy.maven.dev;

import java.time.Duration;
import java.util.Locale;

/** The one line printed per save: what changed, and how long from the save to the new code answering. */
public final class ReloadReport {

    private ReloadReport() {
    }

    /**
     * {@code Reloaded hello 1.0.0 in 0.84 s (save to answer through the gateway): HelloService.java; uploaded 6.1 KB}.
     *
     * @param upload what was sent, e.g. {@code uploaded 6.1 KB} or {@code nothing new to upload}
     * @param health the gateway's status for the version's health check (2xx when it answered), 0 for none
     */
    public static String reloaded(String name, String version, Duration saveToAnswer, String changed, String upload,
                                  int health) {
        return "Reloaded " + name + " " + version + " in " + seconds(saveToAnswer) + " s (save to answer through the gateway): "
                + changed + "; " + upload + (health >= 200 && health < 300 ? "" : "; but its health check answered " + (health == 0 ? "nothing" : health));
    }

    /** {@code 0.84}: two decimals are what a developer compares. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", Math.max(0, duration.toMillis()) / 1000.0);
    }
}
