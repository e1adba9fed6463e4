package dev.warren.api;

import org.apache.camel.builder.RouteConfigurationBuilder;

/** The one error handling of the API routes: every exception becomes a problem+json answer. */
public class ApiErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "api-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID).onException(Throwable.class).handled(true).process(HttpBoundary::writeProblem);
    }
}
