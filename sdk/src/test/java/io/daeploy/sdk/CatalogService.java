package io.daeploy.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed inputs and outputs: records, lists, maps, enums, defaults and optional fields. */
public class CatalogService {

    public enum Size { SMALL, LARGE }

    public record Item(String name, int quantity, Size size, Optional<String> note) {
    }

    public record Pair<A, B>(A first, B second) {
    }

    /** A class with a no-argument constructor: its fields keep their initial values when left out. */
    public static class Settings {
        public String colour = "blue";
        public int width = 80;
    }

    @Entrypoint
    public List<Item> restock(List<Item> items, @Default("1") int extra) {
        return items.stream().map(i -> new Item(i.name(), i.quantity() + extra, i.size(), i.note())).toList();
    }

    @Entrypoint(method = "GET")
    public String label(@Default("Hello") String greeting, @Default("SMALL") Size size, @Default("[1, 2]") List<Integer> codes) {
        return greeting + " " + size + " " + codes;
    }

    @Entrypoint
    public Map<String, Integer> counts(Map<String, Integer> stock) {
        return stock;
    }

    @Entrypoint
    public Pair<Integer, String> pair(int number, String text) {
        return new Pair<>(number, text);
    }

    @Entrypoint
    public Settings settings(Settings settings) {
        return settings;
    }

    @Entrypoint
    public String note(Item item) {
        return item.note().orElse("(none)");
    }

    @Entrypoint
    public byte[] bytes(byte[] data) {
        return data;
    }
}
