package calls;

import java.util.List;

/**
 * Calls through the gateway at {@code args[0]} with the generated clients, one result a line: a valid order, a broken
 * one (as the status and body of the client's exception), and the manager's list of services.
 */
public final class Calls {

    public static void main(String[] args) throws Exception {
        String gateway = args[0];

        orders.client.ApiClient service = new orders.client.ApiClient();
        service.updateBaseUri(gateway + "/services/status_codes");
        orders.api.EntrypointsApi entrypoints = new orders.api.EntrypointsApi(service);
        orders.model.Order order = new orders.model.Order().id("o-1").item("tea").quantity(3);
        orders.model.Order created = entrypoints.create(new orders.model.CreateRequest().order(order));
        System.out.println("created " + created.getId() + " " + created.getItem() + " " + created.getQuantity());
        try {
            entrypoints.create(new orders.model.CreateRequest().order(
                    new orders.model.Order().id("o-2").item("tea").quantity(20_000)));
            System.out.println("refused no");
        } catch (orders.client.ApiException e) {
            System.out.println("refused " + e.getCode() + " " + e.getResponseBody());
        }

        manager.client.ApiClient daeploy = new manager.client.ApiClient();
        daeploy.updateBaseUri(gateway);
        List<manager.model.ServiceVersion> services = new manager.api.ServicesApi(daeploy).getServices();
        System.out.println("services " + services.stream().map(v -> v.getName() + " " + v.getVersion() + " " + v.getStatus()).toList());
    }
}
