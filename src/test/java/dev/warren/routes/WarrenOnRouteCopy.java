package dev.warren.routes;

import dev.warren.support.RunningWarren;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;

import static dev.warren.routes.RoutesFixtures.copyOfShippedRoutes;
import static dev.warren.routes.RoutesFixtures.deleteRecursively;
import static dev.warren.routes.RoutesFixtures.startOn;

/** A test class whose scenarios share one warren running on a temporary copy of the shipped routes/ directory. */
abstract class WarrenOnRouteCopy {

    static Path routes;
    static RunningWarren warren;

    @BeforeAll
    static void startOnRouteCopy() throws Exception {
        routes = copyOfShippedRoutes();
        warren = startOn(routes);
    }

    @AfterAll
    static void stopAndDeleteRouteCopy() throws Exception {
        try {
            if (warren != null) {
                warren.close();
            }
        } finally {
            deleteRecursively(routes);
        }
    }
}
