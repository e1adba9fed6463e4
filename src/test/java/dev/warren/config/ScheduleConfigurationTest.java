package dev.warren.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleConfigurationTest {

    @Test
    void stoppingLetsTheTickUnderWayEndBeforeTheTurnIsReleased() throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("warren.schedules.tick-ms", "10");
        properties.put("warren.schedules.late-ms", "10000");
        properties.put("warren.schedules.max-missed-runs", "100");
        context.getPropertiesComponent().setInitialProperties(properties);
        context.start();
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch turnReleased = new CountDownLatch(1);
        // stands for the schedules' turn and the store, wired before the tick as in WarrenConfiguration
        Background.stopWithCamel(context, "Schedules-turn", () -> {
            events.add("turn released");
            turnReleased.countDown();
        });
        ScheduleConfiguration schedules = new ScheduleConfiguration(Settings.of(context));
        CountDownLatch inTick = new CountDownLatch(1);
        CountDownLatch finishTick = new CountDownLatch(1);
        schedules.start(context, () -> {
            if (inTick.getCount() == 0) {
                events.add("another tick");
                return;
            }
            inTick.countDown();
            try {
                // a run being published: its confirm and its count are still to come
                finishTick.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("tick ended");
        });
        assertTrue(inTick.await(10, TimeUnit.SECONDS), "a tick began");

        Thread stopping = new Thread(context::stop, "stopping-camel");
        stopping.start();
        assertFalse(turnReleased.await(500, TimeUnit.MILLISECONDS),
                "the turn (and the store) stay while a tick is under way");
        finishTick.countDown();
        stopping.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(stopping.isAlive(), "Camel stopped");
        assertEquals(List.of("tick ended", "turn released"), events, "no tick after the one under way");
    }
}
