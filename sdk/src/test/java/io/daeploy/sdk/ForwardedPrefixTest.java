package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForwardedPrefixTest {

    @Test
    void gatewayPrefixesAreKeptWithoutTrailingSlash() {
        assertEquals("/services/hello", ForwardedPrefix.normalize("/services/hello"));
        assertEquals("/services/hello_1.0.0-rc.1", ForwardedPrefix.normalize("/services/hello_1.0.0-rc.1/"));
    }

    @Test
    void firstOfChainedPrefixesIsUsed() {
        assertEquals("/outer", ForwardedPrefix.normalize("/outer, /inner"));
    }

    @Test
    void valuesThatCouldBreakOutOfHtmlOrAreNoPathAreDropped() {
        assertEquals("", ForwardedPrefix.normalize("/x\"><script>"));
        assertEquals("", ForwardedPrefix.normalize("services/hello"));
        assertEquals("", ForwardedPrefix.normalize("//evil.example.com"));
        assertEquals("", ForwardedPrefix.normalize("/"));
    }
}
