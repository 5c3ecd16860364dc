package ${package};

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;

/**
 * A Daeploy service. Each {@code @Entrypoint} method is served as {@code POST /<method name>}, taking a JSON object
 * keyed by parameter name ({@code {"name": "Bob"}}) and answering with the JSON of its return value.
 */
public class HelloService {

    @Entrypoint
    public String hello(String name) {
        return "Hello " + name;
    }

    /** Serves the entrypoints on {@code $PORT} (8000 when run by hand); the Daeploy manager sets the port. */
    public static void main(String[] args) {
        DaeployService.run(new HelloService());
    }
}
