package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceUsersTest {

    /** What useradd accepts: a letter or underscore, then letters, digits, underscores and dashes, 32 at most. */
    private static final String VALID = "[a-z_][a-z0-9_-]{0,31}";

    @Test
    void aShortNameIsPrefixed() {
        assertEquals("daeploy-hello", ServiceUsers.userName("hello"));
        assertEquals("daeploy-die_roller", ServiceUsers.userName("die_roller"));
        assertEquals("daeploy-" + "a".repeat(24), ServiceUsers.userName("a".repeat(24)), "exactly 32: as it is");
    }

    @Test
    void aLongNameIsCutAndEndsWithAHashOfTheWholeName() {
        String first = ServiceUsers.userName("a_very_long_service_name_number_1");
        String second = ServiceUsers.userName("a_very_long_service_name_number_2");
        assertEquals(ServiceUsers.MAX_NAME, first.length());
        assertTrue(first.startsWith("daeploy-a_very_long_ser-"), first);
        assertTrue(first.matches(".*-[0-9a-f]{8}"), first);
        assertNotEquals(first, second, "names that differ past the cut get users of their own");
        assertEquals(first, ServiceUsers.userName("a_very_long_service_name_number_1"), "stable");
    }

    @Test
    void everyNameIsOneUseraddAcceptsAndNoTwoShareOne() {
        Set<String> users = new HashSet<>();
        for (int length = 1; length <= 40; length++) {
            String name = "x1_".repeat(20).substring(0, length).replaceAll("_$", "z");
            String user = ServiceUsers.userName(name);
            assertTrue(user.matches(VALID), user);
            assertTrue(users.add(user), user);
        }
    }
}
