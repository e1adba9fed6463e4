package dev.warren.ops;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadinessCheckTest {

    @Test
    void aCheckAboutQueuesNamesThemInItsMessageAndKeepsThemApartInItsDetails() throws Exception {
        List<String> starved = new ArrayList<>();
        ReadinessCheck check = ReadinessCheck.aboutQueues("warren-worker-groups", "worker groups without running consumers",
                () -> starved);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            check.setCamelContext(context);
            assertEquals(HealthCheck.State.UP, check.call().getState());

            starved.addAll(List.of("orders", "billing"));
            HealthCheck.Result down = check.call();
            assertEquals(HealthCheck.State.DOWN, down.getState());
            assertEquals("worker groups without running consumers: orders, billing", down.getMessage().orElse(null));
            assertEquals(List.of("orders", "billing"), down.getDetails().get(ReadinessCheck.QUEUES));
            assertEquals("worker groups without running consumers", down.getDetails().get(ReadinessCheck.SUMMARY));
            assertTrue(!check.isLiveness() && check.isReadiness(), "a readiness check only");
        }
    }
}
