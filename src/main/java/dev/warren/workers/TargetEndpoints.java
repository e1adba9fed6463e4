package dev.warren.workers;

import java.util.Locale;

/**
 * The camel-http endpoint a group's route calls, made of fixed text and the target's validated method and timeout
 * only. The target's URL never becomes endpoint text (where its query would be read as endpoint options and
 * {{...}} as placeholders): it goes with each message as its request URL (see DeliverySteps.prepareHttpCall).
 */
public final class TargetEndpoints {

    /** The host of the endpoint URI: reserved (.invalid never resolves), so a message without a URL goes nowhere. */
    static final String PLACEHOLDER_HOST = "warren-target.invalid";

    private TargetEndpoints() {
    }

    public static String uri(Target target) {
        String scheme = target.url().toLowerCase(Locale.ROOT).startsWith("https:") ? "https" : "http";
        return scheme + "://" + PLACEHOLDER_HOST + "?httpMethod=" + target.method()
                + "&throwExceptionOnFailure=false"
                + "&bridgeEndpoint=false"
                + "&followRedirects=false"
                + "&connectTimeout=" + target.timeoutMs()
                + "&responseTimeout=" + target.timeoutMs()
                + "&connectionRequestTimeout=" + target.timeoutMs();
    }
}
