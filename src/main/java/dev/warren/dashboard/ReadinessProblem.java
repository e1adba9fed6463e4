package dev.warren.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A readiness problem: about warren as a whole (queues null), or about some queues, named after its summary. */
record ReadinessProblem(String summary, List<String> queues) {

    ReadinessProblem {
        queues = queues == null ? null : List.copyOf(queues);
    }

    static ReadinessProblem general(String text) {
        return new ReadinessProblem(text, null);
    }

    /** The problem in words, as a caller who may use every queue sees it. */
    String text() {
        return queues == null ? summary : named(queues);
    }

    /** The problem in words as a caller who may use only some queues sees it: none when it concerns none of those. */
    Optional<String> seenBy(Predicate<String> mayUseQueue) {
        if (queues == null) {
            return Optional.of(summary);
        }
        List<String> visible = queues.stream().filter(mayUseQueue).toList();
        return visible.isEmpty() ? Optional.empty() : Optional.of(named(visible));
    }

    private String named(List<String> names) {
        return summary + ": " + String.join(", ", names);
    }
}
