package dev.warren.ops;

import dev.warren.support.RunningWarren;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        try (RunningWarren w = RunningWarren.start()) {
            w.http.put("/api/queues/probe-q1", "{}");
            w.http.put("/api/queues/probe-q1/workers", "{\"count\":1,\"type\":\"log\"}");
            w.http.post("/api/queues/probe-q1/tasks", "{\"payload\":1}");
            Thread.sleep(6000);
            for (String p : new String[] {"/observe/health?exposureLevel=full", "/observe/health/ready", "/observe/health/live",
                    "/observe/jolokia/exec/org.apache.camel:context=warren,type=routes,name=%22worker-probe-q1%22/stop()",
                    "/observe/jolokia/read/org.apache.camel:context=warren,type=routes,name=%22worker-probe-q1%22/ExchangesTotal",
                    "/observe/jolokia/exec/java.lang:type=Memory/gc", "/observe/health/ready"}) {
                var r = w.http.get(p);
                System.out.println("### " + p + " -> " + r.status() + " " + r.contentType() + "\n" + (p.contains("health") ? r.body() : r.body().substring(0, Math.min(800, r.body().length()))));
            }
            Thread.sleep(6000);
            System.out.println("### ready after stop " + w.http.get("/observe/health/ready").body());
            var m = w.http.get("/observe/metrics");
            m.body().lines().filter(l -> l.startsWith("warren_")).forEach(l -> System.out.println("  " + l));
            m.body().lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\{.*", "")).distinct().forEach(l -> System.out.println("  " + l));
        }
    }
}
