package io.daeploy.maven;

import io.daeploy.common.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShadowSummaryTest {

    @Test
    void oneLinePerShadowWithItsFigures() throws Exception {
        String report = """
                {"name":"hello","main":"1.0.0","shadows":[
                  {"version":"1.1.0","mirrored":12,"matched":10,"differed":2,"errors":0,"dropped":1,
                   "mainLatencyMs":{"p50":0.61,"p99":2.0},"shadowLatencyMs":{"p50":0.7,"p99":3.0}},
                  {"version":"2.0.0","mirrored":0,"matched":0,"differed":0,"errors":0,"dropped":0,
                   "mainLatencyMs":{"p50":null,"p99":null},"shadowLatencyMs":{"p50":null,"p99":null}}]}""";
        assertEquals(List.of(
                "shadow hello 1.1.0: mirrored 12, matched 10, differed 2, errors 0, dropped 1; p50 0.61 ms main, 0.7 ms shadow",
                "shadow hello 2.0.0: mirrored 0, matched 0, differed 0, errors 0, dropped 0"),
                ShadowSummary.lines(Json.mapper().readTree(report)));
    }
}
