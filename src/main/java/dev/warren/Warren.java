package dev.warren;

import org.apache.camel.main.Main;

/** Starts warren: Camel Main with ./application.properties and the configuration and routes of this package. */
public final class Warren {

    /** The working-directory configuration file; -Dkey=value and environment variables override it. */
    public static final String CONFIG_LOCATION = "file:application.properties";

    private Warren() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Warren.class);
        main.setPropertyPlaceholderLocations(CONFIG_LOCATION);
        main.run(args);
    }
}
