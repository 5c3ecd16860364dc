package ${package};

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The entrypoint is a plain method: test it as one. */
class HelloServiceTest {

    @Test
    void greetsByName() {
        assertEquals("Hello Bob", new HelloService().hello("Bob"));
    }
}
