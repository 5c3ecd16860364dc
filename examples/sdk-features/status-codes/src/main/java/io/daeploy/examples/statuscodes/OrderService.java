package io.daeploy.examples.statuscodes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.HttpException;

/** Orders kept in memory, each answer with the status a REST client expects. */
public class OrderService {

    public record Order(String id, String item, int quantity) {
        public Order {
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1");
            }
        }
    }

    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    /** 201 Created; 409 Conflict when the id is taken. */
    @Entrypoint(status = 201)
    public Order create(Order order) {
        Order existing = orders.putIfAbsent(order.id(), order);
        if (existing != null) {
            throw new HttpException(409, "Order " + order.id() + " already exists");
        }
        return order;
    }

    /** 200 with the order; 404 when there is none. */
    @Entrypoint(method = "GET")
    public Order find(String id) {
        Order order = orders.get(id);
        if (order == null) {
            throw new HttpException(404, "No order " + id);
        }
        return order;
    }

    /** 204 No Content; 404 when there is nothing to cancel. */
    @Entrypoint(method = "DELETE", status = 204)
    public void cancel(String id) {
        if (orders.remove(id) == null) {
            throw new HttpException(404, "No order " + id);
        }
    }

    public static void main(String[] args) {
        DaeployService.run(new OrderService());
    }
}
