package dev.warren.support;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import org.slf4j.LoggerFactory;

/** Switches this JVM's logback to warren's own logback.xml (as shipped) and back to the tests' configuration. */
public final class WarrenLogback {

    private WarrenLogback() {
    }

    /** Configures logback from warren's logback.xml; it reads warren.log.format as set now. */
    public static void use() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(WarrenLogback.class.getClassLoader().getResource("logback.xml"));
    }

    /** Back to the configuration logback finds by itself (the tests' own). */
    public static void restore() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }
}
