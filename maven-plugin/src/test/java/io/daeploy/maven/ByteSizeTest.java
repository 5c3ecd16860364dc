package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteSizeTest {

    @Test
    void picksAReadableUnit() {
        assertEquals("512 B", ByteSize.format(512));
        assertEquals("1.5 KB", ByteSize.format(1536));
        assertEquals("12.3 MB", ByteSize.format(12_900_000));
    }
}
