package dev.warren.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * How a target answers that asks once to slow down: the nth request gets a 429 with Retry-After, every other one a 200
 * after a delay (which keeps every consumer busy meanwhile); it keeps the tasks it delivered.
 */
public final class OneRetryAfter implements Function<TargetServer.Request, TargetServer.Answer> {

    private final int nth;
    private final int retryAfterSeconds;
    private final long answerMs;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<TargetServer.Request> limited = new AtomicReference<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    public OneRetryAfter(int nth, int retryAfterSeconds, long answerMs) {
        this.nth = nth;
        this.retryAfterSeconds = retryAfterSeconds;
        this.answerMs = answerMs;
    }

    @Override
    public TargetServer.Answer apply(TargetServer.Request request) {
        if (requests.incrementAndGet() >= nth && limited.compareAndSet(null, request)) {
            return TargetServer.Answer.status(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        delivered.add(request.webhookId());
        return TargetServer.Answer.ok().after(answerMs);
    }

    /** The request answered 429, or null before it. */
    public TargetServer.Request limited() {
        return limited.get();
    }

    /** The webhook ids of the tasks answered 200. */
    public Set<String> delivered() {
        return delivered;
    }

    /**
     * Milliseconds from the 429 to the first request the target received after it, leaving out those within graceMs
     * (sent by other consumers before the 429 came); with every arrival after it, for a message.
     */
    public Quiet quietAfter(TargetServer target, long graceMs) {
        TargetServer.Request at429 = limited.get();
        List<Long> after = target.requests().stream().map(at429::millisUntil).filter(ms -> ms > 0).toList();
        return new Quiet(after.stream().filter(ms -> ms > graceMs).mapToLong(Long::longValue).min().orElseThrow(), after);
    }

    /** The quiet time after the 429, and when every request after it came (ms after it). */
    public record Quiet(long ms, List<Long> arrivals) {
    }
}
