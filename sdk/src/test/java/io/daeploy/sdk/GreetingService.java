package io.daeploy.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The service most tests call: one entrypoint per behaviour a user relies on. */
public class GreetingService {

    public enum Mood { HAPPY, GRUMPY }

    public record Rectangle(double width, double height) {
        public Rectangle {
            if (width < 0 || height < 0) {
                throw new IllegalArgumentException("sides must not be negative");
            }
        }
    }

    public record Order(String id, int count, List<String> tags, Mood mood) {
    }

    @Entrypoint
    public String hello(String name) {
        return "Hello " + name;
    }

    @Entrypoint
    public String ping() {
        return "pong";
    }

    @Entrypoint(method = "GET")
    public int answer() {
        return 42;
    }

    @Entrypoint(method = "GET")
    public int add(int a, int b) {
        return a + b;
    }

    @Entrypoint(method = "DELETE")
    public String remove(String id) {
        return "removed " + id;
    }

    @Entrypoint(status = 201)
    public Map<String, Object> create(String id, int count) {
        return Map.of("id", id, "count", count);
    }

    @Entrypoint
    public int total(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    @Entrypoint
    public double area(Rectangle rectangle) {
        return rectangle.width() * rectangle.height();
    }

    @Entrypoint
    public Order order(Order order) {
        return order;
    }

    @Entrypoint
    public String greet(String name, Optional<String> greeting) {
        return greeting.orElse("Hello") + ", " + name;
    }

    @Entrypoint
    public String findOrder(int id) {
        throw new HttpException(404, "No order " + id);
    }

    @Entrypoint
    public String explode() {
        throw new IllegalStateException("boom");
    }

    @Entrypoint
    public void reset() {
        // nothing to reset: the answer is what matters
    }

    @Entrypoint(method = "PUT", status = 204)
    public void forget(String id) {
        // nothing stored: only the answer's status matters
    }
}
