package io.daeploy.manager.runtime.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionLabelsTest {

    private static final String DNS_1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String LABEL_VALUE = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    @Test
    void objectNamesAreDns1035LabelsEndingWithAHashOfTheExactNameAndVersion() {
        String name = VersionLabels.objectName("hello", "1.0.0");
        assertTrue(name.matches("daeploy-hello-1-0-0-[0-9a-f]{8}"), name);
        assertEquals(name, VersionLabels.objectName("hello", "1.0.0"), "stable");
        assertTrue(VersionLabels.objectName("My_Service", "2.0.0-RC1+build.7").matches(DNS_1035));
    }

    @Test
    void namesThatMapToTheSameCharactersStillGetDifferentObjects() {
        assertNotEquals(VersionLabels.objectName("hello", "1.0.0-RC1"), VersionLabels.objectName("hello", "1.0.0-rc1"));
        assertNotEquals(VersionLabels.objectName("a_1", "0.0.0"), VersionLabels.objectName("a", "1.0.0-0"));
        assertNotEquals(VersionLabels.id("a_1", "0.0.0"), VersionLabels.id("a", "1.0.0-0"));
    }

    @Test
    void aLongNameIsShortenedToSixtyThreeCharactersAndKeepsItsHash() {
        String longName = "a_very_long_service_name_that_goes_on_and_on_and_on_beyond_any_limit";
        String name = VersionLabels.objectName(longName, "10.20.30-alpha.1+build.2026");
        assertTrue(name.length() <= 63, name);
        assertTrue(name.matches(DNS_1035), name);
        assertTrue(name.endsWith("-" + VersionLabels.id(longName, "10.20.30-alpha.1+build.2026")), name);
    }

    @Test
    void labelValuesStayInTheLabelAlphabetAndTheExactValuesAreAnnotations() {
        Map<String, String> labels = VersionLabels.of("hello", "1.0.0+build.7");
        assertEquals("1.0.0_build.7", labels.get(VersionLabels.VERSION));
        labels.values().forEach(value -> assertTrue(value.matches(LABEL_VALUE) && value.length() <= 63, value));
        String longVersion = "1.0.0-" + "x".repeat(80);
        assertTrue(VersionLabels.of("hello", longVersion).get(VersionLabels.VERSION).length() <= 63);

        Map<String, String> annotations = VersionLabels.annotations("hello", "1.0.0+build.7", false, 4);
        assertEquals("1.0.0+build.7", annotations.get(VersionLabels.VERSION_ANNOTATION));
        assertEquals("shadow", annotations.get(VersionLabels.ROLE_ANNOTATION));
        assertEquals("hello_1.0.0+build.7", VersionLabels.qualifiedName(annotations).orElseThrow());
    }

    @Test
    void selectorsUseOnlyLabelsThatNeverChange() {
        assertEquals(Map.of(VersionLabels.MANAGED_BY, "daeploy", VersionLabels.ID, VersionLabels.id("hello", "1.0.0")),
                     VersionLabels.selector("hello", "1.0.0"));
    }
}
