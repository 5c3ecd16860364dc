package io.daeploy.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what one logger writes, down to FINE, while open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.FINE);
        logger.addHandler(this);
    }

    /** The formatted messages logged at exactly {@code level}. */
    List<String> at(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogCapture::text).toList();
    }

    /** The records logged at exactly {@code level}, with their exceptions. */
    List<LogRecord> recordsAt(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).toList();
    }

    private static String text(LogRecord record) {
        return record.getMessage();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
