package dev.warren.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which databases only this process can write: an embedded H2 file or memory, not a server. */
class StoreExclusiveIT {

    @ParameterizedTest
    @CsvSource({
            "jdbc:h2:file:./data/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE, true",
            "jdbc:h2:./data/warren, true",
            "jdbc:h2:mem:test, true",
            "jdbc:h2:tcp://db:9092/warren, false",
            "jdbc:h2:ssl://db:9092/warren, false",
            "jdbc:h2:file:./data/warren;AUTO_SERVER=TRUE, false",
            "jdbc:postgresql://127.0.0.1:5432/test, false"})
    void anEmbeddedH2DatabaseIsThisProcesssAlone(String url, boolean exclusive) {
        assertEquals(exclusive, Store.exclusive(url), url);
    }

    @org.junit.jupiter.api.Test
    void aSecondProcessOnTheEmbeddedFileIsRefusedWithAClearMessage() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("warren-h2-busy");
        String url = "jdbc:h2:file:" + dir + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        // another process holds the file: H2's shell in a child JVM, open while its input is (H2 refuses a second process)
        try (H2Shell holder = new H2Shell(url, "sa", "")) {
            // the file exists before H2 locks it: the shell's prompt comes once it is connected, the file locked
            org.awaitility.Awaitility.await("the H2 shell connected").atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> holder.hasShown("sql>"));
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new Store(url, "sa", "", 1).close(), "the file is open in the other process");
            org.junit.jupiter.api.Assertions.assertEquals(Store.inUseMessage(url), refused.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("already open in another process")
                    && refused.getMessage().contains("PostgreSQL"), refused.getMessage());
        }
    }
}
