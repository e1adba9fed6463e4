package dev.warren.api;

import dev.warren.auth.Caller;
import dev.warren.dashboard.Dashboard;

/** The dashboard's endpoint: the overview the browser polls every second. */
public final class DashboardApi {

    private final Dashboard dashboard;

    public DashboardApi(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    /** The overview of the queues this caller may use (all for a key not limited to some). */
    public ApiResponse overview(Caller caller) {
        return ApiResponse.ok(dashboard.overview(caller::mayUseQueue));
    }
}
