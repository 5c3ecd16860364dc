package io.daeploy.manager.http;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every route the manager registers, as it registers them: what the authentication tests walk
 * through, so that a new route cannot be forgotten.
 */
public final class RouteCatalog {

    /** One method and path pattern, e.g. {@code DELETE /auth/token/{id}}; {@code ANY} for all methods. */
    public record Route(String method, String path) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** A route registered directly on the routing. */
    public void add(String method, String path) {
        routes.add(new Route(method, path));
    }

    /** The service, recording each route it registers under {@code prefix}. */
    public HttpService cataloged(String prefix, HttpService service) {
        return new HttpService() {
            @Override
            public void routing(HttpRules rules) {
                service.routing(new Recording(prefix, rules));
            }

            @Override
            public void beforeStart() {
                service.beforeStart();
            }

            @Override
            public void afterStart(WebServer server) {
                service.afterStart(server);
            }

            @Override
            public void afterStop() {
                service.afterStop();
            }
        };
    }

    private final class Recording implements HttpRules {

        private final String prefix;
        private final HttpRules delegate;

        Recording(String prefix, HttpRules delegate) {
            this.prefix = prefix;
            this.delegate = delegate;
        }

        private HttpRules record(String method, String path) {
            add(method, prefix + path);
            return this;
        }

        @Override
        public HttpRules register(HttpService... services) {
            for (HttpService service : services) {
                delegate.register(cataloged(prefix, service));
            }
            return this;
        }

        @Override
        public HttpRules register(String path, HttpService... services) {
            for (HttpService service : services) {
                delegate.register(path, cataloged(prefix + path, service));
            }
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            delegate.route(route);
            return record("ANY", "(unnamed route)");
        }

        @Override
        public HttpRules route(Method method, String path, Handler handler) {
            delegate.route(method, path, handler);
            return record(method.text(), path);
        }

        @Override
        public HttpRules get(String path, Handler... handlers) {
            delegate.get(path, handlers);
            return record("GET", path);
        }

        @Override
        public HttpRules post(String path, Handler... handlers) {
            delegate.post(path, handlers);
            return record("POST", path);
        }

        @Override
        public HttpRules put(String path, Handler... handlers) {
            delegate.put(path, handlers);
            return record("PUT", path);
        }

        @Override
        public HttpRules delete(String path, Handler... handlers) {
            delegate.delete(path, handlers);
            return record("DELETE", path);
        }

        @Override
        public HttpRules patch(String path, Handler... handlers) {
            delegate.patch(path, handlers);
            return record("PATCH", path);
        }

        @Override
        public HttpRules head(String path, Handler... handlers) {
            delegate.head(path, handlers);
            return record("HEAD", path);
        }

        @Override
        public HttpRules options(String path, Handler... handlers) {
            delegate.options(path, handlers);
            return record("OPTIONS", path);
        }

        @Override
        public HttpRules any(String path, Handler... handlers) {
            delegate.any(path, handlers);
            return record("ANY", path);
        }
    }
}
