package dev.warren;

import dev.warren.config.PropertyPrecedence;
import dev.warren.config.Settings;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Starts warren: Camel Main with ./application.properties and the configuration and routes of this package. */
public final class Warren {

    /** The working-directory configuration file; -Dkey=value and environment variables override it. */
    public static final String CONFIG_LOCATION = "file:application.properties";

    private static final Logger LOG = LoggerFactory.getLogger(Warren.class);

    private Warren() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = camelMain().run(args);
        } catch (Exception e) {
            Optional<Settings.Invalid> setting = Settings.Invalid.in(e);
            if (setting.isPresent()) {
                LOG.error("warren did not start: {}", setting.get().getMessage());
            } else {
                LOG.error("warren did not start: {}", e.getMessage(), e);
            }
            status = 1;
        }
        if (status != 0) {
            // what started before the failure (the broker's connection threads) would keep the JVM running, serving nothing
            System.exit(status);
        }
    }

    /** Camel Main as warren runs it (the tests start theirs here too). */
    public static Main camelMain() {
        Main main = new Main(Warren.class);
        main.setPropertyPlaceholderLocations(CONFIG_LOCATION);
        main.addMainListener(new PropertyPrecedence());
        return main;
    }
}
