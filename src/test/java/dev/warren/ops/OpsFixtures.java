package dev.warren.ops;

import static dev.warren.support.WarrenCalls.putGroup;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the operations tests do over and over: queues, groups, publishing, and reading /observe/metrics. */
public final class OpsFixtures {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private OpsFixtures() {
    }



    /** PUT an http group of count consumers delivering to url, retrying as given; asserts 200. */
    static JsonNode httpGroup(RunningWarren warren, String queue, int count, String url, int maxAttempts, long backoffMs) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", "http");
        spec.put("target", Map.of("url", url));
        spec.put("retry", Map.of("maxAttempts", maxAttempts, "backoffMs", backoffMs));
        return putGroup(warren, queue, spec);
    }




    /** The value of one sample of /observe/metrics with exactly these labels; null when there is none. */
    public static Double metric(String text, String name, Map<String, String> labels) {
        for (String line : text.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            if (found.equals(labels)) {
                return Double.parseDouble(sample.group(4));
            }
        }
        return null;
    }

    public static String metrics(RunningWarren warren) {
        Http.Response response = warren.http.get("/observe/metrics");
        assertEquals(200, response.status(), response.body());
        return response.body();
    }

    /** warren_tasks_total of a queue and outcome; 0 when warren has not seen the queue yet. */
    static double tasks(RunningWarren warren, String queue, String outcome) {
        Double value = metric(metrics(warren), "warren_tasks_total", Map.of("queue", queue, "outcome", outcome));
        return value == null ? 0 : value;
    }
}
