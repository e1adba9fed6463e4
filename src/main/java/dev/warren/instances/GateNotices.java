package dev.warren.instances;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warren.common.Json;
import dev.warren.delivery.GateNews;
import dev.warren.delivery.TargetNews;

import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A target gate's news as a notification payload between instances: the queue, the instance it comes from, the state
 * and how long it lasts from now (not an instant: the hosts' clocks need not agree), and the target URL it is about as
 * {@link TargetNews#targetOf} names it (never the URL itself), nothing else.
 */
final class GateNotices {

    /** News of another instance's gate, with the instance it came from. */
    record Notice(String from, TargetNews news) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    // a newer instance may say more during a rolling upgrade, and an older one says no target
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Wire(String queue, String instance, String state, Long forMs, Integer openings, String error,
                String target) {
    }

    private GateNotices() {
    }

    static String write(TargetNews told, String from, long nowMs) {
        GateNews news = told.news();
        String target = told.target();
        Wire wire;
        if (news instanceof GateNews.Paused paused) {
            wire = new Wire(news.queue(), from, "paused", Math.max(0, paused.untilMs() - nowMs), null, null, target);
        } else if (news instanceof GateNews.Opened opened) {
            wire = new Wire(news.queue(), from, "open", Math.max(0, opened.untilMs() - nowMs), opened.openings(),
                    opened.error(), target);
        } else {
            wire = new Wire(news.queue(), from, "closed", null, null, null, target);
        }
        try {
            return Json.MAPPER.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The news in a payload, its times made this host's; empty when the payload is not one (another version's, say). */
    static Optional<Notice> read(String payload, long nowMs) {
        Wire wire;
        try {
            wire = Json.MAPPER.readValue(payload, Wire.class);
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
        if (wire.queue() == null || wire.instance() == null || wire.state() == null) {
            return Optional.empty();
        }
        GateNews news = switch (wire.state()) {
            case "paused" -> wire.forMs() == null ? null : new GateNews.Paused(wire.queue(), nowMs + wire.forMs());
            case "open" -> wire.forMs() == null ? null : new GateNews.Opened(wire.queue(), nowMs + wire.forMs(),
                    wire.openings() == null ? 1 : wire.openings(), wire.error());
            case "closed" -> new GateNews.Closed(wire.queue());
            default -> null;
        };
        return Optional.ofNullable(news).map(n -> new Notice(wire.instance(), new TargetNews(wire.target(), n)));
    }
}
