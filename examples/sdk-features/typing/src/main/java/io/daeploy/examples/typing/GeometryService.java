package io.daeploy.examples.typing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Default;
import io.daeploy.sdk.Entrypoint;

/** Polygons in, measurements out: records, lists, maps, an enum and defaults, each checked by the SDK. */
public class GeometryService {

    public enum Unit { MM, CM, M }

    public record Point(double x, double y) {
    }

    /** Every component is required, except the Optional one. */
    public record Polygon(String name, List<Point> corners, Optional<String> colour) {
        public Polygon {
            if (corners.size() < 3) {
                throw new IllegalArgumentException("a polygon needs at least 3 corners, got " + corners.size());
            }
        }
    }

    public record Measurement(String name, double perimeter, double area, Unit unit, String colour) {
    }

    @Entrypoint
    public List<Measurement> measure(List<Polygon> polygons, @Default("CM") Unit unit) {
        List<Measurement> measurements = new ArrayList<>();
        for (Polygon polygon : polygons) {
            measurements.add(new Measurement(polygon.name(), perimeter(polygon), area(polygon), unit,
                    polygon.colour().orElse("none")));
        }
        return measurements;
    }

    @Entrypoint
    public Map<String, Double> areas(List<Polygon> polygons) {
        Map<String, Double> areas = new LinkedHashMap<>();
        polygons.forEach(polygon -> areas.put(polygon.name(), area(polygon)));
        return areas;
    }

    /** GET /square?side=2: the corners of a square, anchored at the origin unless one is given. */
    @Entrypoint(method = "GET")
    public Polygon square(double side, Optional<Point> origin) {
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
