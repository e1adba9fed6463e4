package dev.warren.api;

import dev.warren.dashboard.Dashboard;

/** The dashboard's endpoint: the overview the browser polls every second. */
public final class DashboardApi {

    private final Dashboard dashboard;

    public DashboardApi(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    public ApiResponse overview() {
        return ApiResponse.ok(dashboard.overview());
    }
}
