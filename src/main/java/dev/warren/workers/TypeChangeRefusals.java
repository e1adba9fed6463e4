package dev.warren.workers;

import dev.warren.common.Problem;
import dev.warren.common.ProblemException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The groups that could not take the latest definition of their type, and why: shown in their views and the type's. */
public final class TypeChangeRefusals {

    /** A group that keeps running an older definition of its type, because the latest cannot make its route. */
    public record GroupRefusal(String queue, String error) {
    }

    private record Refusal(String type, String error) {
    }

    private final Map<String, Refusal> byQueue = new ConcurrentHashMap<>();

    /** Notes that the queue's group could not take the new definition of its type for this reason. */
    void refused(String queue, String type, RuntimeException why) {
        byQueue.put(queue, new Refusal(type, describe(why)));
    }

    /** The queue's group runs the latest definition of its type, or is gone. */
    void cleared(String queue) {
        byQueue.remove(queue);
    }

    /** Why the queue's group, of this type, could not take the type's latest definition; empty when it did. */
    Optional<String> of(String queue, String type) {
        return Optional.ofNullable(byQueue.get(queue)).filter(r -> r.type().equals(type)).map(Refusal::error);
    }

    /** The groups that could not take this type's latest definition, by queue. */
    public List<GroupRefusal> ofType(String type) {
        return byQueue.entrySet().stream().filter(e -> e.getValue().type().equals(type))
                .map(e -> new GroupRefusal(e.getKey(), e.getValue().error()))
                .sorted(Comparator.comparing(GroupRefusal::queue)).toList();
    }

    /**
     * warren's own reasons (a parameter the group lacks or passes in vain) are shown as they are; Camel's, from
     * making the route on trial, may quote the group's values, so they stay in the log (as a PUT's do).
     */
    private static String describe(RuntimeException why) {
        if (why instanceof ProblemException problem) {
            List<Problem.FieldError> errors = problem.problem().errors();
            return errors == null || errors.isEmpty() ? problem.problem().detail()
                    : errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        }
        return "its route cannot be made with the group's values (see warren's log)";
    }
}
