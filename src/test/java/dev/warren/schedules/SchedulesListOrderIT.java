package dev.warren.schedules;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import dev.warren.support.WarrenCalls;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The schedule list on a PostgreSQL database whose collation is not C, as the official image's en_US.utf8 is not. */
class SchedulesListOrderIT {

    private static final List<String> NAMES = List.of("Zeta", "alpha", "a-b", "ab", "a_c");

    @Test
    void pagesOfOneHoldEveryScheduleOnceWhateverTheDatabasesCollation() throws Exception {
        String queue = TestBroker.uniqueName("sched-order");
        try (TestStore.Database database = TestStore.postgres()
                .freshDatabase("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
             RunningWarren warren = RunningWarren.start(database.properties())) {
            assertNotEquals(List.copyOf(new java.util.TreeSet<>(NAMES)), sqlOrder(database),
                    "the database sorts names otherwise than Java does");
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
            for (String name : NAMES) {
                Http.Response created = warren.http.put("/api/schedules/" + name, Http.json(Map.of(
                        "cron", "0 0 0 1 1 ? 2099", "queue", queue, "payload", 1)));
                assertEquals(201, created.status(), created.body());
            }

            List<String> walked = WarrenCalls.everyItem(warren, "/api/schedules?limit=1").stream()
                    .map(item -> item.path("name").asText()).toList();
            assertEquals(List.of("Zeta", "a-b", "a_c", "ab", "alpha"), walked, "every schedule once, by name");
        } finally {
            TestBroker.get().deleteQueues(queue);
        }
    }

    private static List<String> sqlOrder(TestStore.Database database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.connect();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT name FROM (VALUES ('Zeta'), ('alpha'), ('a-b'), ('ab'), ('a_c')) AS v(name) ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
