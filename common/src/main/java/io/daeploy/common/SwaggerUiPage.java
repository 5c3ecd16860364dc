package io.daeploy.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * The Swagger UI page of a service's and of the manager's {@code /docs}: one template whose URLs are relative to its
 * {@code <base href>} (assets at {@code assets/...}, the document at {@code ../openapi}), with Swagger UI's own files
 * from the swagger-ui webjar that the caller has on its class path, so the page works offline.
 */
public final class SwaggerUiPage {

    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String WEBJAR_ROOT = "META-INF/resources/webjars/swagger-ui/";

    private final String template;

    /** @param title shown in the browser's tab; escaped here */
    public SwaggerUiPage(String title) {
        this.template = readTemplate().replace("{{title}}", escapeHtml(title));
    }

    /** The page whose URLs are relative to {@code base} (a path ending in {@code /docs/}). */
    public byte[] html(String base) {
        return template.replace("{{base}}", escapeHtml(base)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The class path folder of the webjar's files ({@code META-INF/resources/webjars/swagger-ui/<version>/}), by the
     * webjar's own version, so that a build that manages another swagger-ui version still finds them; empty when the
     * webjar is not on the class path.
     */
    public static Optional<String> webjarRoot(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(WEBJAR_POM)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version")).map(version -> WEBJAR_ROOT + version + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + WEBJAR_POM + ": " + e.getMessage(), e);
        }
    }

    private static String readTemplate() {
        try (InputStream in = SwaggerUiPage.class.getResourceAsStream("swagger-ui.html")) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui.html is missing from the daeploy-common jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
