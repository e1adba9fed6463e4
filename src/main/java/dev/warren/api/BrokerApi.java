package dev.warren.api;

import dev.warren.broker.BrokerViews;

/** The broker's view of its clients: connections and consumers of warren's virtual host (management API). */
public final class BrokerApi {

    private final BrokerViews views;

    public BrokerApi(BrokerViews views) {
        this.views = views;
    }

    public ApiResponse connections(String limit, String cursor) {
        return ApiResponse.ok(Page.of(views.connections(), BrokerViews.Connection::key, limit, cursor));
    }

    public ApiResponse consumers(String limit, String cursor) {
        return ApiResponse.ok(Page.of(views.consumers(), BrokerViews.Consumer::key, limit, cursor));
    }
}
