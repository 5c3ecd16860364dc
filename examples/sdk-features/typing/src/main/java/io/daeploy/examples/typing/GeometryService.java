package io.daeploy.examples.typing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Default;
import io.daeploy.sdk.Entrypoint;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Polygons in, measurements out: records, lists, maps, an enum and defaults, each checked by the SDK. The bounds
 * (Jakarta Bean Validation) keep every input within a range where perimeters and areas cannot overflow: coordinates
 * within a million of the origin, at most 1000 corners and 1000 polygons. {@code @Valid} checks a record's own bounds.
 */
public class GeometryService {

    public enum Unit { MM, CM, M }

    public record Point(@DecimalMin("-1e6") @DecimalMax("1e6") double x, @DecimalMin("-1e6") @DecimalMax("1e6") double y) {
    }

    /** Every component is required, except the Optional one. */
    public record Polygon(@NotBlank @Size(max = 100) String name, @Size(min = 3, max = 1000) List<@Valid Point> corners,
                          Optional<@Size(max = 50) String> colour) {
        public Polygon {
            if (corners.size() < 3) {
                throw new IllegalArgumentException("a polygon needs at least 3 corners, got " + corners.size());
            }
        }
    }

    public record Measurement(String name, double perimeter, double area, Unit unit, String colour) {
    }

    @Entrypoint
    public List<Measurement> measure(@Size(max = 1000) List<@Valid Polygon> polygons, @Default("CM") Unit unit) {
        List<Measurement> measurements = new ArrayList<>();
        for (Polygon polygon : polygons) {
            measurements.add(new Measurement(polygon.name(), perimeter(polygon), area(polygon), unit,
                    polygon.colour().orElse("none")));
        }
        return measurements;
    }

    @Entrypoint
    public Map<String, Double> areas(@Size(max = 1000) List<@Valid Polygon> polygons) {
        Map<String, Double> areas = new LinkedHashMap<>();
        polygons.forEach(polygon -> areas.put(polygon.name(), area(polygon)));
        return areas;
    }

    /** GET /square?side=2: the corners of a square, anchored at the origin unless one is given. */
    @Entrypoint(method = "GET")
    public Polygon square(@Positive @DecimalMax("1e6") double side, Optional<@Valid Point> origin) {
        Point o = origin.orElse(new Point(0, 0));
        return new Polygon("square", List.of(o, new Point(o.x() + side, o.y()), new Point(o.x() + side, o.y() + side),
                new Point(o.x(), o.y() + side)), Optional.empty());
    }

    private static double perimeter(Polygon polygon) {
        double total = 0;
        List<Point> corners = polygon.corners();
        for (int i = 0; i < corners.size(); i++) {
            Point a = corners.get(i);
            Point b = corners.get((i + 1) % corners.size());
            total += Math.hypot(b.x() - a.x(), b.y() - a.y());
        }
        return total;
    }

    /** The shoelace formula. */
    private static double area(Polygon polygon) {
        double twice = 0;
        List<Point> corners = polygon.corners();
        for (int i = 0; i < corners.size(); i++) {
            Point a = corners.get(i);
            Point b = corners.get((i + 1) % corners.size());
            twice += a.x() * b.y() - b.x() * a.y();
        }
        return Math.abs(twice) / 2;
    }

    public static void main(String[] args) {
        DaeployService.run(new GeometryService());
    }
}
