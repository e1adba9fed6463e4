package dev.warren.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An embedded H2 file writes every commit to its file at once (a kill -9 loses nothing committed); others unchanged. */
class StoreDurableUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE | jdbc:h2:file:./data/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
            "jdbc:h2:./data/warren | jdbc:h2:./data/warren;WRITE_DELAY=0",
            "jdbc:h2:file:./data/warren;AUTO_SERVER=TRUE | jdbc:h2:file:./data/warren;AUTO_SERVER=TRUE;WRITE_DELAY=0",
            "jdbc:h2:file:./data/warren;write_delay=200 | jdbc:h2:file:./data/warren;write_delay=200",
            "jdbc:h2:mem:test | jdbc:h2:mem:test",
            "jdbc:h2:tcp://db:9092/warren | jdbc:h2:tcp://db:9092/warren",
            "jdbc:postgresql://127.0.0.1:5432/test | jdbc:postgresql://127.0.0.1:5432/test"})
    void anEmbeddedH2FileWritesCommitsWithoutDelayUnlessTheUrlSaysOtherwise(String url, String durable) {
        assertEquals(durable, Store.durable(url), url);
    }
}
