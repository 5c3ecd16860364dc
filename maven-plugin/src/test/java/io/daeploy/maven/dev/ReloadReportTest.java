package io.daeploy.maven.dev;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one line per reload. */
class ReloadReportTest {

    @Test
    void itSaysWhatChangedAndHowLongFromTheSaveToTheAnswer() {
        assertEquals("Reloaded hello 1.0.0 in 0.84 s (save to answer through the gateway): HelloService.java; uploaded 6.1 KB:"
                        + " 1 of 24 files",
                     ReloadReport.reloaded("hello", "1.0.0", Duration.ofMillis(843), "HelloService.java",
                                           "uploaded 6.1 KB: 1 of 24 files", 204));
    }

    @Test
    void aHealthCheckThatDidNotAnswerIsSaid() {
        assertEquals("Reloaded hello 1.0.0 in 1.20 s (save to answer through the gateway): greeting.txt; nothing new to"
                        + " upload; but its health check answered 503",
                     ReloadReport.reloaded("hello", "1.0.0", Duration.ofMillis(1200), "greeting.txt", "nothing new to upload", 503));
    }

    @Test
    void aClockThatWentBackIsNoNegativeTime() {
        assertEquals("0.00", ReloadReport.seconds(Duration.ofMillis(-30)));
    }
}
