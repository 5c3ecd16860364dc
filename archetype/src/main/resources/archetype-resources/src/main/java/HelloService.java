package ${package};

import io.daeploy.common.Severity;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.HttpException;
import io.daeploy.sdk.Parameter;

/**
 * A Daeploy service. Each {@code @Entrypoint} method is served as {@code POST /<method name>}, taking a JSON object
 * keyed by parameter name ({@code {"name": "Bob"}}) and answering with the JSON of its return value.
 */
public class HelloService {

    /** Change it while the service runs: POST /~parameters/greeting with {"value": "Hi"}. */
    private final Parameter<String> greeting = Parameter.of("greeting", "Hello");

    @Entrypoint
    public String hello(String name) {
        if (name.equals("World")) {
            // A warning on the manager's dashboard, and a 403 for the caller.
            Daeploy.notify("Someone tried to greet the whole World; that is too many to greet.", Severity.WARNING);
            throw new HttpException(403, "Greeting the whole World is not allowed; greet someone by name");
        }
        return greeting.get() + " " + name;
    }

    /** Serves the entrypoints on {@code $PORT} (8000 when run by hand); the Daeploy manager sets the port. */
    public static void main(String[] args) {
        DaeployService.run(new HelloService());
    }
}
