package io.daeploy.manager.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageBuilderTest {

    @Test
    void jibsColoursAreTakenOutOfItsMessages() {
        assertEquals("I/O error for image [127.0.0.1:1/dock_refused]:",
                ImageBuilder.plain("\u001b[31;1mI/O error for image [127.0.0.1:1/dock_refused]:\u001b[0m"));
        assertEquals("plain stays plain [1]", ImageBuilder.plain("plain stays plain [1]"));
    }
}
