package io.daeploy.maven.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What each reload in shadow mode says about the copies since the previous reload. */
class ShadowComparisonTest {

    private static JsonNode report(String shadow) throws Exception {
        return new ObjectMapper().readTree("{\"name\":\"hello\",\"main\":\"1.0.0\",\"shadows\":[" + shadow + "]}");
    }

    @Test
    void countsAndTheFirstDifferentPairTheOldestTheReportKeeps() throws Exception {
        JsonNode report = report("{\"version\":\"1.0.0-dev\",\"mirrored\":12,\"matched\":10,\"differed\":2,\"errors\":0,"
                + "\"recentDifferences\":["
                + "{\"method\":\"POST\",\"path\":\"/hello\",\"mainStatus\":200,\"shadowStatus\":200,\"mainBody\":\"\\\"Hello Ann\\\"\","
                + "\"shadowBody\":\"\\\"Hi Ann\\\"\",\"fields\":[]},"
                + "{\"method\":\"POST\",\"path\":\"/hello\",\"mainStatus\":200,\"shadowStatus\":200,\"mainBody\":\"\\\"Hello Bob\\\"\","
                + "\"shadowBody\":\"\\\"Hi Bob\\\"\",\"fields\":[\"\"]}]}");

        assertEquals(List.of("Since the last reload, hello 1.0.0-dev answered 12 copies: 10 equal, 2 different",
                             "  first difference: POST /hello",
                             "    main   200 \"Hello Bob\"",
                             "    shadow 200 \"Hi Bob\""),
                     ShadowComparison.lines(report, "1.0.0-dev"));
    }

    @Test
    void noDifferenceIsOneLine() throws Exception {
        JsonNode report = report("{\"version\":\"1.0.0-dev\",\"mirrored\":5,\"matched\":5,\"differed\":0,\"errors\":0,"
                + "\"recentDifferences\":[]}");
        assertEquals(List.of("Since the last reload, hello 1.0.0-dev answered 5 copies: 5 equal, 0 different"),
                     ShadowComparison.lines(report, "1.0.0-dev"));
    }

    @Test
    void noTrafficAndNoSuchShadowAreSaid() throws Exception {
        assertEquals(List.of("Since the last reload, hello 1.0.0-dev got no copies (no traffic to the main hello)"),
                     ShadowComparison.lines(report("{\"version\":\"1.0.0-dev\",\"mirrored\":0}"), "1.0.0-dev"));
        assertEquals(List.of("No comparison for 1.0.0-dev yet: it is not a shadow of hello"),
                     ShadowComparison.lines(report(""), "1.0.0-dev"));
    }
}
