package dev.warren.ops;

import dev.warren.support.RunningWarren;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        try (RunningWarren w = RunningWarren.start()) {
            for (String p : new String[] {"/observe/health", "/observe/health/ready", "/observe/health/live", "/observe/info",
                    "/observe/jolokia/version", "/observe/jolokia/read/org.apache.camel:context=warren,type=routes,name=%22api-get-queue%22",
                    "/observe/jolokia/exec/java.lang:type=Memory/gc", "/docs", "/webjars/swagger-ui/5.32.6/index.html"}) {
                var r = w.http.get(p);
                System.out.println("### " + p + " -> " + r.status() + " " + r.contentType() + "\n" + r.body().substring(0, Math.min(1500, r.body().length())));
            }
            var m = w.http.get("/observe/metrics");
            System.out.println("### metrics " + m.status() + " " + m.contentType() + " lines=" + m.body().lines().count());
            m.body().lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\{.*", "")).distinct().forEach(l -> System.out.println("  " + l));
            var o = w.http.get("/api/openapi.json");
            System.out.println("### openapi " + o.status() + " " + o.contentType() + "\n" + o.body().substring(0, Math.min(3000, o.body().length())));
            System.out.println("registry: " + w.camel().getRegistry().findByType(io.micrometer.core.instrument.MeterRegistry.class));
            System.out.println("health: " + org.apache.camel.health.HealthCheckHelper.invoke(w.camel()));
        }
    }
}
