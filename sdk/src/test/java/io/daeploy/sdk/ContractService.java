package io.daeploy.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Entrypoints whose contracts must hold for any input: nulls, numbers JSON cannot carry, bounds, declared errors. */
public class ContractService {

    public record Point(double x, double y) {
    }

    public record Shape(String name, List<Point> corners, Map<String, Double> labels) {
    }

    /** A point within a square of one million around the origin. */
    public record BoundedPoint(@DecimalMin("-1e6") @DecimalMax("1e6") double x, @DecimalMin("-1e6") @DecimalMax("1e6") double y) {
    }

    public record Route(@NotBlank String name, @Size(min = 2) List<@Valid BoundedPoint> stops) {
    }

    @Entrypoint
    public int corners(Shape shape) {
        return shape.corners().size();
    }

    @Entrypoint
    public int count(List<String> words) {
        return words.size();
    }

    @Entrypoint
    public int dice(@Default("3") Integer dice) {
        return dice;
    }

    @Entrypoint
    public String maybe(Optional<String> text) {
        return text.orElse("(none)");
    }

    @Entrypoint
    public String raw(JsonNode value) {
        return String.valueOf(value);
    }

    @Entrypoint
    public double half(double value) {
        return value / 2;
    }

    @Entrypoint
    public float third(float value) {
        return value / 3;
    }

    @Entrypoint
    public double overflow() {
        return Double.MAX_VALUE * 2;
    }

    @Entrypoint
    public List<Point> notANumber() {
        return List.of(new Point(1, 2), new Point(Double.NaN, 0));
    }

    @Entrypoint
    public double[] ratios() {
        return new double[] {1, 0.0 / 0.0};
    }

    @Entrypoint
    public int roll(@Min(1) @Max(10) int dice) {
        return dice;
    }

    @Entrypoint
    public String nickname(@Size(min = 2, max = 5) String name) {
        return name;
    }

    @Entrypoint(method = "GET")
    public String code(@Pattern(regexp = "[a-z]+") String code) {
        return code;
    }

    @Entrypoint
    public int tags(@Size(max = 2) List<@NotBlank String> tags) {
        return tags.size();
    }

    @Entrypoint
    public int route(@Valid Route route) {
        return route.stops().size();
    }

    @Entrypoint(errors = {404, 409})
    public String find(int id) {
        if (id == 409) {
            throw new HttpException(409, "Order " + id + " is taken");
        }
        throw new HttpException(404, "No order " + id);
    }

    @Entrypoint
    public String teapot() {
        throw new HttpException(418, "I am a teapot");
    }

    @Entrypoint
    public String explode() {
        throw new IllegalStateException("the secret is 42");
    }
}
