package dev.warren.config;

import dev.warren.api.ApiBeans;
import dev.warren.api.DashboardApi;
import dev.warren.api.DashboardPage;
import dev.warren.broker.QueueViews;
import dev.warren.dashboard.Dashboard;
import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.WorkerGroups;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;

/** Wires the web dashboard: its static pages at /ui and the overview it polls, with the rate history behind it. */
final class DashboardConfiguration {

    private final int sampleSeconds;
    private final int historySamples;
    private final long refreshMs;

    DashboardConfiguration(Settings settings) {
        sampleSeconds = settings.integer("warren.dashboard.sample-seconds", 1);
        historySamples = settings.integer("warren.dashboard.history-samples", 1);
        refreshMs = settings.number("warren.dashboard.refresh-ms", 0);
    }

    Dashboard dashboard(CamelContext context, QueueViews queues, WorkerGroups groups, WarrenMetrics metrics)
            throws Exception {
        Dashboard dashboard = new Dashboard(context, queues, groups, metrics, Duration.ofSeconds(sampleSeconds),
                historySamples, Duration.ofMillis(refreshMs), Clock.systemUTC());
        context.getRegistry().bind(ApiBeans.DASHBOARD_API, new DashboardApi(dashboard));
        DashboardPage.install(context);
        return dashboard;
    }
}
