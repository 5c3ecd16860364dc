package io.daeploy.sdk;

import io.helidon.common.Weighted;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * The JSON 404 for every path nothing else answers. It is a feature with the lowest weight rather
 * than a route, because Helidon routes features such as {@code /observe/health} after the main
 * rules, and a catch-all rule would shadow them (an unmatched path never reaches error handlers).
 */
final class UnknownPathFeature implements HttpFeature, Weighted {

    private final Handler handler;

    UnknownPathFeature(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.any(handler);
    }

    @Override
    public double weight() {
        return 1; // after every other feature (the main routing is 100, observe 80)
    }
}
