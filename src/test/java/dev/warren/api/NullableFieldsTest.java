package dev.warren.api;

import dev.warren.broker.QueueView;
import dev.warren.dashboard.Overview;
import dev.warren.jobs.JobView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fields warren may send as null are read from the records: what the mapper writes as null, nothing else. */
class NullableFieldsTest {

    @Test
    void everyReferenceFieldTheMapperWritesAsNullOfTheAnswerAndWhatItHolds() {
        Map<String, Set<String>> nullable = NullableFields.of(List.of(ApiSchemas.JobPage.class));

        assertEquals(Set.of("items", "next"), nullable.get("JobPage"));
        assertTrue(nullable.get("JobView").containsAll(Set.of("startedAt", "finishedAt", "durationMs", "attempts",
                "result", "error")), nullable.get("JobView").toString());
        assertFalse(nullable.get("JobView").contains("attemptCount"), "an int is never null");
        assertTrue(nullable.get("Attempt").containsAll(Set.of("error", "retryAfterMs")), "held in a list of JobView");
    }

    @Test
    void aFieldLeftOutWhenNullIsNotNullableButOneSentAlwaysIs() {
        Map<String, Set<String>> nullable = NullableFields.of(List.of(QueueView.class, ApiSchemas.WorkerGroupPage.class, Overview.class));

        assertFalse(nullable.get("QueueView").contains("note"), "@JsonInclude(NON_NULL): absent, never null");
        assertTrue(nullable.get("QueueView").contains("workers"), nullable.get("QueueView").toString());
        assertFalse(nullable.get("WorkerGroupView").contains("error"), "the record is NON_NULL");
        assertTrue(nullable.get("Consumer").contains("currentJob"), "Consumer is ALWAYS inside a NON_NULL record");
        assertTrue(nullable.get("QueueSummary").contains("workers"), "@JsonInclude(ALWAYS) on the field");
        assertFalse(nullable.containsKey("JsonNode"), "only warren's own records are schemas it corrects");
    }

    @Test
    void renamedFieldsGoByTheirJsonName() {
        assertEquals(Set.of("count", "worker_type"), NullableFields.of(List.of(ApiSchemas.CompatScaleRequest.class))
                .get("CompatScaleRequest"));
    }
}
