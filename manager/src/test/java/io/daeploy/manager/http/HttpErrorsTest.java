package io.daeploy.manager.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The manager's 500: an id for the caller, the exception under the same id in the log. */
class HttpErrorsTest {

    @Test
    void internalErrorHidesTheMessageAndLogsItUnderTheId() {
        Logger logger = Logger.getLogger(HttpErrors.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            String detail = HttpErrors.internalErrorDetail("Request GET /services/", new IllegalStateException("jdbc:h2:/secret/path"));

            Matcher matcher = Pattern.compile("Internal manager error \\(id ([0-9a-f]{12})\\)").matcher(detail);
            assertTrue(matcher.matches(), detail);
            assertFalse(detail.contains("secret"));
            assertEquals(1, records.size());
            assertEquals("Request GET /services/ failed: Internal manager error (id " + matcher.group(1) + ")",
                    records.getFirst().getMessage());
            assertEquals("jdbc:h2:/secret/path", records.getFirst().getThrown().getMessage());
        } finally {
            logger.removeHandler(capture);
        }
    }
}
