package io.daeploy.manager.core.compare;

import io.daeploy.manager.errors.DomainException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonRuleTest {

    @Test
    void pointersMatchTheirFieldEverythingUnderItAndAnyIndexForAStar() {
        assertTrue(JsonPointers.covers("/at", "/at"));
        assertTrue(JsonPointers.covers("/meta", "/meta/at/0"));
        assertTrue(JsonPointers.covers("/items/*/id", "/items/12/id"));
        assertTrue(JsonPointers.covers("/*", "/anything"));
        assertFalse(JsonPointers.covers("/at", "/atom"));
        assertFalse(JsonPointers.covers("/atom", "/at"));
        assertFalse(JsonPointers.covers("/items/*/id", "/items/12"));
        assertFalse(JsonPointers.covers("/a/b", "/a~1b"));
        assertTrue(JsonPointers.covers("/a~1b", "/" + JsonPointers.segment("a/b")));
    }

    @Test
    void somethingThatIsNotAPointerIsRefusedNamingTheField() {
        for (String bad : new String[] {"at", "", "/a~2b", "/a~"}) {
            DomainException refused = assertThrows(DomainException.class,
                    () -> new ComparisonRule("hello", List.of(bad), false), bad);
            assertTrue(refused.getMessage().startsWith("Field ignore:"), refused.getMessage());
        }
        assertThrows(DomainException.class, () -> new ComparisonRule("hello", Collections.nCopies(101, "/a"), false));
        assertTrue(new ComparisonRule("hello", List.of("/a~0b", "/x/*/y"), true).detectNoise());
    }
}
