package dev.warren.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every log line of this JVM, at the levels warren ships with (INFO), as text, while it is open. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final List<String> SHIPPED_INFO = List.of(Logger.ROOT_LOGGER_NAME, "org.apache.camel", "dev.warren");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previous = new java.util.HashMap<>();

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture.setContext(context);
        capture.start();
        for (String name : SHIPPED_INFO) {
            Logger logger = context.getLogger(name);
            capture.previous.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                + event.getFormattedMessage() + " " + event.getMDCPropertyMap());
        if (event.getThrowableProxy() != null) {
            line.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        lines.add(line.toString());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        previous.forEach((name, level) -> context.getLogger(name).setLevel(level));
        stop();
    }
}
