package dev.warren.schedules;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.warren.common.Problem.FieldError;
import dev.warren.tasks.TaskRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleRequestTest {

    private static List<String> fields(ScheduleRequest request, String name) {
        return request.errors(name).stream().map(FieldError::field).toList();
    }

    @Test
    void aCompleteRequestIsValidAndGetsItsDefaults() {
        ScheduleRequest request = new ScheduleRequest("* * * * * ?", null, "orders", TextNode.valueOf("x"), null, null, null);
        assertEquals(List.of(), request.errors("nightly"));
        ScheduleRequest full = request.withDefaults();
        assertEquals("UTC", full.timeZone());
        assertEquals("skip", full.missedRuns());
        assertEquals(false, full.paused());
    }

    @Test
    void eachBadFieldIsNamed() {
        assertEquals(List.of("cron"), fields(new ScheduleRequest("every second", null, "q", TextNode.valueOf("x"), null, null, null), "s"));
        assertEquals(List.of("cron"), fields(new ScheduleRequest(null, null, "q", TextNode.valueOf("x"), null, null, null), "s"));
        assertEquals(List.of("timeZone"), fields(new ScheduleRequest("0 * * * * ?", "Berlin", "q", TextNode.valueOf("x"), null, null, null), "s"));
        assertEquals(List.of("queue"), fields(new ScheduleRequest("0 * * * * ?", null, null, TextNode.valueOf("x"), null, null, null), "s"));
        assertEquals(List.of("queue"), fields(new ScheduleRequest("0 * * * * ?", null, "amq.x", TextNode.valueOf("x"), null, null, null), "s"));
        assertEquals(List.of("name"), fields(new ScheduleRequest("0 * * * * ?", null, "q", TextNode.valueOf("x"), null, null, null), "a b"));
        assertEquals(List.of("missedRuns"), fields(new ScheduleRequest("0 * * * * ?", null, "q", TextNode.valueOf("x"), null, null, "some"), "s"));
        assertEquals(List.of("cron"), fields(new ScheduleRequest("0 0 0 1 1 ? 2001", null, "q", TextNode.valueOf("x"), null, null, null), "s"));
    }

    @Test
    void aRunIsEitherOnePayloadOrABatch() {
        assertEquals(List.of("payload"), fields(new ScheduleRequest("0 * * * * ?", null, "q", null, null, null, null), "s"));
        String neither = new ScheduleRequest("0 * * * * ?", null, "q", null, null, null, null).errors("s").get(0).message();
        assertTrue(neither.startsWith("is required"), "neither payload nor tasks: " + neither);
        TaskRequest task = new TaskRequest(TextNode.valueOf("x"), null, null, null);
        assertEquals(List.of("tasks"), fields(new ScheduleRequest("0 * * * * ?", null, "q", TextNode.valueOf("x"), List.of(task), null, null), "s"));
        assertEquals(List.of(), fields(new ScheduleRequest("0 * * * * ?", null, "q", null, List.of(task, task), null, null), "s"));
        assertEquals(List.of("tasks"), fields(new ScheduleRequest("0 * * * * ?", null, "q", null, List.of(), null, null), "s"));
        List<String> withId = fields(new ScheduleRequest("0 * * * * ?", null, "q", null,
                List.of(new TaskRequest(TextNode.valueOf("x"), "mine", null, null)), null, null), "s");
        assertTrue(withId.contains("tasks[0].id"), withId.toString());
        assertEquals(List.of("tasks[0].payload"), fields(new ScheduleRequest("0 * * * * ?", null, "q", null,
                List.of(new TaskRequest(null, null, null, null)), null, null), "s"));
    }

    @Test
    void runIdsDependOnTheScheduleTheDueTimeAndThePlace() {
        java.time.Instant due = java.time.Instant.parse("2026-11-26T04:00:00Z");
        assertEquals(RunIds.of("a", due, 0), RunIds.of("a", due, 0));
        assertTrue(!RunIds.of("a", due, 0).equals(RunIds.of("a", due, 1)));
        assertTrue(!RunIds.of("a", due, 0).equals(RunIds.of("b", due, 0)));
        assertTrue(!RunIds.of("a", due, 0).equals(RunIds.of("a", due.plusSeconds(1), 0)));
    }

    @Test
    void aCronIsReadStrictlyFieldByField() {
        for (String junk : List.of("0 0 0 1 1 ? 2099&trigger.repeatCount=1", "0 0 0 1 1 ? 2099 1", "0 0 9 ? * MONDAY",
                "0 0 9 ? * MON-FRI;x", "0 0 0 1 1", "0 0 9 ? * {{x}}", "0 0 9 ? * ${x}", "0 0 9 ? * MON?a=b",
                // characters Quartz knows, in shapes it reads only the start of (MONFRI is Monday to it)
                "0 0 12 ? * MONFRI", "0 0 12 * * ? 2027MON", "0 0 12 ? * SAT-SUNMON", "0 0 12 ? JANJUN *",
                "0 0 12 ? * FRI0", "0 0 12 ? * MON1", "0 0 12 ? * MON/", "0 0 12 ? * MON-FRI-SAT", "0 0 12 ,1 * ?")) {
            assertEquals(List.of("cron"), fields(new ScheduleRequest(junk, null, "q", TextNode.valueOf("x"), null, null, null), "s"),
                    junk);
        }
        for (String valid : List.of("0 0 9 ? * MON-FRI", "0 */5 * * * ?", "0 15 10 L * ?", "0 15 10 ? * 6#3",
                "0 0 12 1W * ?", "0 0 0 1 jan,Jul ? 2099", "0 0 0 LW * ?", "0 15 10 ? * 6L", "0\t0 9 * * ?",
                "0 0 12 ? * mon-fri", "0 15 10 l * ?", "0 0 12 15w * ?", "0 0/5 14,18 * * ?", "0 0 12 ? * 6l",
                "0 0 12 L-3 * ?", "0 0 12 ? * 2-6/2", "0 0 12 ? * SUN,MON-WED")) {
            assertEquals(List.of(), fields(new ScheduleRequest(valid, null, "q", TextNode.valueOf("x"), null, null, null), "s"),
                    valid);
        }
    }
}
