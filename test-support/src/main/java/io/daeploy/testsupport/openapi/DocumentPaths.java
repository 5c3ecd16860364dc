package io.daeploy.testsupport.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The path templates of an OpenAPI document, and which one a request's path falls under. */
public final class DocumentPaths {

    private final List<Template> templates;

    public DocumentPaths(JsonNode document) {
        List<Template> all = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(path -> all.add(Template.of(path)));
        all.sort(Comparator.comparingInt(Template::parameters));
        this.templates = List.copyOf(all);
    }

    /** The most specific template that {@code path} (with or without its query) matches: literal ones first. */
    public Optional<String> templateOf(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return templates.stream().filter(t -> t.pattern().matcher(bare).matches()).map(Template::path).findFirst();
    }

    private record Template(String path, Pattern pattern, int parameters) {
        static Template of(String path) {
            // {path} spans slashes (the gateway's rest of the path); any other parameter is one segment
            String regex = Pattern.quote(path).replace("{path}", "\\E.*\\Q").replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            return new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1);
        }
    }
}
