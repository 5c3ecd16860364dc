package io.daeploy.it;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A service without the SDK that answers every request with the request headers it received, one
 * {@code name: value} line each: what the gateway passes on, as the service sees it. Compiled here
 * with the JDK's compiler, since an SDK entrypoint does not see headers.
 */
final class HeaderEchoApp {

    private static final String SOURCE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class Echo {
                public static void main(String[] args) throws Exception {
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                            Integer.parseInt(System.getenv("PORT"))), 0);
                    server.createContext("/", exchange -> {
                        StringBuilder lines = new StringBuilder();
                        exchange.getRequestHeaders().forEach((name, values) ->
                                values.forEach(v -> lines.append(name.toLowerCase()).append(": ").append(v).append('\\n')));
                        exchange.getRequestBody().readAllBytes();
                        byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """;

    private HeaderEchoApp() {
    }

    /** The app as a deploy takes it: a zip with the application jar at its root. */
    static Path zip() {
        try {
            Path dir = TestPaths.newWorkDir("header-echo");
            Path source = Files.writeString(dir.resolve("Echo.java"), SOURCE);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, null, "--release", "21", "-d", dir.toString(), source.toString()) != 0) {
                throw new IllegalStateException("The header echo app does not compile");
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
            Path jar = dir.resolve("echo.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                try (var classes = Files.list(dir)) {
                    for (Path c : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                        out.putNextEntry(new JarEntry(c.getFileName().toString()));
                        Files.copy(c, out);
                        out.closeEntry();
                    }
                }
            }
            Path zip = dir.resolve("echo.zip");
            try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(file)) {
                z.putNextEntry(new ZipEntry("echo.jar"));
                Files.copy(jar, z);
                z.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
