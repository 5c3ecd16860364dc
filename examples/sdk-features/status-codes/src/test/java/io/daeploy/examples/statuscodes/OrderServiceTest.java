package io.daeploy.examples.statuscodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import io.daeploy.sdk.testing.DaeployTestService;
import io.daeploy.sdk.testing.TestResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every status the service answers, over HTTP. A fresh service per test: orders do not leak between tests. */
class OrderServiceTest {

    @RegisterExtension
    DaeployTestService orders = DaeployTestService.of(new OrderService());

    private static final Map<String, Object> CUPS = Map.of("order", Map.of("id", "o1", "item", "cup", "quantity", 2));

    @Test
    void createAnswers201WithTheOrder() {
        TestResponse response = orders.post("create", CUPS);

        assertEquals(201, response.status());
        assertEquals(new OrderService.Order("o1", "cup", 2), response.as(OrderService.Order.class));
    }

    @Test
    void creatingATakenIdAnswers409() {
        orders.post("create", CUPS);

        TestResponse response = orders.post("create", CUPS);

        assertEquals(409, response.status());
        assertEquals("Order o1 already exists", response.detail());
    }

    @Test
    void findAnswers200Or404() {
        orders.post("create", CUPS);

        assertEquals(200, orders.get("/find?id=o1").status());
        TestResponse missing = orders.get("/find?id=o2");
        assertEquals(404, missing.status());
        assertEquals("No order o2", missing.detail());
    }

    @Test
    void cancelAnswers204WithoutBody() {
        orders.post("create", CUPS);

        TestResponse response = orders.request("DELETE", "/cancel?id=o1", null);

        assertEquals(204, response.status());
        assertEquals("", response.body());
        assertEquals(404, orders.request("DELETE", "/cancel?id=o1", null).status());
    }

    @Test
    void invalidQuantityAnswers422FromTheRecordsOwnCheck() {
        TestResponse response = orders.post("create", Map.of("order", Map.of("id", "o1", "item", "cup", "quantity", 0)));

        assertEquals(422, response.status());
        assertEquals("quantity must be at least 1", response.json().at("/detail/0/msg").asText());
    }

    @Test
    void nullOrderIs422() {
        TestResponse response = orders.post("create", "{\"order\": null}");

        assertEquals(422, response.status());
        assertEquals("null_not_allowed", response.json().at("/detail/0/type").asText());
    }

    @Test
    void openApiListsTheStatusesEachEntrypointThrows() {
        var paths = orders.get("/openapi").json().at("/paths");

        assertEquals(true, paths.at("/~1create/post/responses").has("409"));
        assertEquals(true, paths.at("/~1find/get/responses").has("404"));
        assertEquals(true, paths.at("/~1cancel/delete/responses").has("404"));
    }
}
