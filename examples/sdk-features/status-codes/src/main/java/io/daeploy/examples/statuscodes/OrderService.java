package io.daeploy.examples.statuscodes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.HttpException;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Orders kept in memory, each answer with the status a REST client expects. Each entrypoint declares the error
 * statuses it throws ({@code errors}), so its OpenAPI document lists them for generated clients.
 */
public class OrderService {

    public record Order(@NotBlank @Size(max = 64) String id, @NotBlank @Size(max = 200) String item,
                        @Min(1) @Max(10_000) int quantity) {
        public Order {
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1");
            }
        }
    }

    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    /** 201 Created; 409 Conflict when the id is taken. */
    @Entrypoint(status = 201, errors = 409)
    public Order create(@Valid Order order) {
        Order existing = orders.putIfAbsent(order.id(), order);
        if (existing != null) {
            throw new HttpException(409, "Order " + order.id() + " already exists");
        }
        return order;
    }

    /** 200 with the order; 404 when there is none. */
    @Entrypoint(method = "GET", errors = 404)
    public Order find(String id) {
        Order order = orders.get(id);
        if (order == null) {
            throw new HttpException(404, "No order " + id);
        }
        return order;
    }

    /** 204 No Content; 404 when there is nothing to cancel. */
    @Entrypoint(method = "DELETE", status = 204, errors = 404)
    public void cancel(String id) {
        if (orders.remove(id) == null) {
            throw new HttpException(404, "No order " + id);
        }
    }

    public static void main(String[] args) {
        DaeployService.run(new OrderService());
    }
}
