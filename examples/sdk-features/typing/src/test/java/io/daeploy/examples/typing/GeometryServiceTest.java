package io.daeploy.examples.typing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.examples.typing.GeometryService.Measurement;
import io.daeploy.examples.typing.GeometryService.Unit;
import io.daeploy.sdk.TypeRef;
import io.daeploy.sdk.testing.DaeployTestService;
import io.daeploy.sdk.testing.TestResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Typed arguments and answers over HTTP, and the 422s that name what is wrong deep inside them. */
class GeometryServiceTest {

    @RegisterExtension
    static DaeployTestService geometry = DaeployTestService.of(new GeometryService());

    private static final Map<String, Object> TRIANGLE = Map.of("name", "triangle", "colour", "red",
            "corners", List.of(Map.of("x", 0, "y", 0), Map.of("x", 4, "y", 0), Map.of("x", 0, "y", 3)));

    @Test
    void listOfRecordsInListOfRecordsOut() {
        List<Measurement> measurements = geometry.post("measure", Map.of("polygons", List.of(TRIANGLE), "unit", "M"))
                .as(new TypeRef<List<Measurement>>() {});

        assertEquals(List.of(new Measurement("triangle", 12.0, 6.0, Unit.M, "red")), measurements);
    }

    @Test
    void leftOutArgumentsTakeTheirDefaults() {
        JsonNode measurement = geometry.post("measure", Map.of("polygons", List.of(TRIANGLE))).json().get(0);

        assertEquals("CM", measurement.get("unit").asText());
    }

    @Test
    void mapAnswerIsKeyedByName() {
        assertEquals("{\"triangle\":6.0}", geometry.post("areas", Map.of("polygons", List.of(TRIANGLE))).body());
    }

    @Test
    void optionalQueryArgumentMayBeLeftOut() {
        assertEquals(4.0, geometry.get("/square?side=2").json().at("/corners/2/x").asDouble() * 2);
        assertEquals(12.0, geometry.get("/square", Map.of("side", 2, "origin", "{\"x\": 10, \"y\": 0}")).json()
                .at("/corners/1/x").asDouble());
    }

    @Test
    void missingFieldDeepInsideIs422WithItsPath() {
        TestResponse response = geometry.post("measure", Map.of("polygons", List.of(Map.of("name", "line",
                "corners", List.of(Map.of("x", 0), Map.of("x", 1, "y", 1), Map.of("x", 2, "y", 0))))));

        assertEquals(422, response.status());
        assertEquals("[\"body\",\"polygons\",0,\"corners\",0,\"y\"]", response.json().at("/detail/0/loc").toString());
        assertEquals("missing", response.json().at("/detail/0/type").asText());
    }

    @Test
    void unknownEnumValueIs422ListingTheValues() {
        TestResponse response = geometry.post("measure", Map.of("polygons", List.of(TRIANGLE), "unit", "INCH"));

        assertEquals("expected one of MM, CM, M, got \"INCH\"", response.json().at("/detail/0/msg").asText());
    }

    @Test
    void recordsOwnCheckIs422() {
        TestResponse response = geometry.post("areas", Map.of("polygons", List.of(Map.of("name", "line",
                "corners", List.of(Map.of("x", 0, "y", 0), Map.of("x", 1, "y", 1))))));

        assertEquals(422, response.status());
        assertEquals("a polygon needs at least 3 corners, got 2", response.json().at("/detail/0/msg").asText());
    }

    @Test
    void openApiDescribesTheJavaTypes() {
        JsonNode schemas = geometry.get("/openapi").json().at("/components/schemas");

        assertEquals("[\"corners\",\"name\"]", schemas.at("/Polygon/required").toString());
        assertEquals("#/components/schemas/Point", schemas.at("/Polygon/properties/corners/items/$ref").asText());
        assertEquals("[\"MM\",\"CM\",\"M\"]", schemas.at("/Unit/enum").toString());
        assertTrue(schemas.has("Measurement"));
    }

    @Test
    void coordinatesOutOfBoundsAre422NamingTheBound() {
        TestResponse response = geometry.post("measure", Map.of("polygons", List.of(Map.of("name", "far",
                "corners", List.of(Map.of("x", 0, "y", 0), Map.of("x", 1e300, "y", 0), Map.of("x", 0, "y", 1e300))))));

        assertEquals(422, response.status());
        assertEquals("[\"body\",\"polygons\",0,\"corners\",1,\"x\"]", response.json().at("/detail/0/loc").toString());
        assertEquals("bound_error", response.json().at("/detail/0/type").asText());
        assertTrue(response.json().at("/detail/0/msg").asText().contains("@DecimalMax(\"1e6\")"), response.body());
    }

    @Test
    void nullPolygonsAre422NotA500() {
        assertEquals("[\"body\",\"polygons\"]",
                geometry.post("measure", "{\"polygons\": null}").json().at("/detail/0/loc").toString());
        assertEquals("[\"body\",\"polygons\",0]",
                geometry.post("measure", "{\"polygons\": [null]}").json().at("/detail/0/loc").toString());
    }

    @Test
    void openApiShowsTheBounds() {
        JsonNode schemas = geometry.get("/openapi").json().at("/components/schemas");

        assertEquals(1e6, schemas.at("/Point/properties/x/maximum").asDouble());
        assertEquals(3, schemas.at("/Polygon/properties/corners/minItems").asInt());
    }
}
