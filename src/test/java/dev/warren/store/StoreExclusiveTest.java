package dev.warren.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which databases only this process can write: an embedded H2 file or memory, not a server. */
class StoreExclusiveTest {

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
}
