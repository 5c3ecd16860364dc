package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service compiled without {@code -parameters} cannot name its JSON fields; it must say how to fix that. */
class MissingParameterNamesTest {

    @Test
    void serviceCompiledWithoutParametersFlagIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("HelloService.java");
        Files.writeString(source, """
                public class HelloService {
                    @io.daeploy.sdk.Entrypoint
                    public String hello(String name) { return "Hello " + name; }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        int exit = javac.run(null, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), source.toString())
                        .toArray(String[]::new));
        assertEquals(0, exit);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Object service = loader.loadClass("HelloService").getConstructor().newInstance();

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DaeployService.start(service, 0));

            assertEquals("Entrypoint HelloService.hello: parameter names are missing; compile with -parameters"
                    + " (maven-compiler-plugin <parameters>true</parameters>)", e.getMessage());
        }
    }
}
