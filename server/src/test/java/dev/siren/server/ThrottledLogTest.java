package dev.siren.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThrottledLogTest {

    @Test
    void aFaultOnEveryRequestLogsAFewStackTracesThenOneLineEach() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        List<LogRecord> records = new ArrayList<>();
        logger.addHandler(new Handler() {
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
        });
        ThrottledLog log = new ThrottledLog(logger, 3);
        for (int i = 0; i < 50; i++) {
            log.severe("failure " + i, new IllegalStateException("boom"));
        }
        assertEquals(50, records.size(), "every fault is still logged");
        assertEquals(3, records.stream().filter(r -> r.getThrown() != null).count(), "but only 3 with a stack trace");
        assertTrue(records.get(10).getMessage().contains("boom"), records.get(10).getMessage());
    }
}
