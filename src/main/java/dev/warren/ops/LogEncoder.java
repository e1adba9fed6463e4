package dev.warren.ops;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;


/**
 * Writes each log event as one line, JSON (logback's JsonEncoder) or text. It picks itself because logback has no
 * conditionals without Janino, and an unused second appender makes logback print its whole start-up status.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {

    private String format = "text";
    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        // exactly as warren's start-up check reads it, which stops on any other word (its one line then in text)
        String chosen = format == null ? "" : format.trim();
        delegate = chosen.equals("json") ? json() : text();
        if (!chosen.isEmpty() && !chosen.equals("json") && !chosen.equals("text")) {
            addWarn("Unknown log format '" + format + "' (json or text): writing text");
        }
        super.start();
    }

    private Encoder<ILoggingEvent> json() {
        JsonEncoder json = new JsonEncoder();
        json.setContext(getContext());
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithArguments(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        json.start();
        return json;
    }

    private Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(getContext());
        text.setPattern(pattern);
        text.start();
        return text;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }
}
