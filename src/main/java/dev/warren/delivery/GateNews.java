package dev.warren.delivery;

/**
 * A change of a group's target gate worth telling the other instances that deliver to the same target: a pause, an
 * opened breaker, a closed one. Times are epoch milliseconds of the instance holding the news.
 */
public sealed interface GateNews {

    String queue();

    /** The target asked to slow down: no delivery to it until then. */
    record Paused(String queue, long untilMs) implements GateNews {
    }

    /**
     * The breaker opened (for the openings-th time in a row) until then, after this error; the error is a short
     * summary that names no host, URL or message text.
     */
    record Opened(String queue, long untilMs, int openings, String error) implements GateNews {
    }

    /** A probe succeeded: the breaker closed. */
    record Closed(String queue) implements GateNews {
    }
}
