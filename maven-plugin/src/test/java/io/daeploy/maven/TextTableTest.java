package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextTableTest {

    @Test
    void eachColumnIsAsWideAsItsWidestCellAndLinesHaveNoTrailingSpaces() {
        assertEquals(List.of(
                "A    LONG HEADER  C",
                "xyz  1",
                "     2            last"), TextTable.align(List.of(
                List.of("A", "LONG HEADER", "C"),
                List.of("xyz", "1", ""),
                List.of("", "2", "last"))));
    }

    @Test
    void timesAreUtcToTheSecond() {
        assertEquals("2024-05-01 09:08:07", TextTable.time(Instant.parse("2024-05-01T09:08:07.999Z")));
        assertEquals("-", TextTable.time(null));
    }
}
