package dev.warren.api;

import dev.warren.auth.Caller;
import dev.warren.broker.BrokerViews;

/** The broker's view of its clients: connections and consumers of warren's virtual host (management API). */
public final class BrokerApi {

    private final BrokerViews views;

    public BrokerApi(BrokerViews views) {
        this.views = views;
    }

    public ApiResponse connections(String limit, String cursor) {
        Page<BrokerViews.Connection> page = Page.of(views.connections(), BrokerViews.Connection::key, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.ConnectionPage(page.items(), page.next()));
    }

    /** The consumers of the queues this caller may use, a page at a time. */
    public ApiResponse consumers(Caller caller, String limit, String cursor) {
        Page<BrokerViews.Consumer> page = Page.of(views.consumers().stream().filter(c -> caller.mayUseQueue(c.queue())).toList(),
                BrokerViews.Consumer::key, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.ConsumerPage(page.items().stream().map(ApiSchemas.BrokerConsumer::of).toList(),
                page.next()));
    }
}
