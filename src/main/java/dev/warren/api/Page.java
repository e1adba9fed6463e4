package dev.warren.api;

import dev.warren.common.ProblemException;

import java.util.List;
import java.util.function.Function;

/** One page of a list answer, {"items": [...], "next": cursor-or-null}, and how to cut it from a sorted list. */
public record Page<T>(List<T> items, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** The items after the cursor (a key of the sort order), at most limit of them. */
    public static <T> Page<T> of(List<T> sorted, Function<T, String> key, String limit, String cursor) {
        int size = limit(limit);
        List<T> after = cursor == null || cursor.isEmpty() ? sorted
                : sorted.stream().filter(item -> key.apply(item).compareTo(cursor) > 0).toList();
        if (after.size() <= size) {
            return new Page<>(after, null);
        }
        List<T> page = after.subList(0, size);
        return new Page<>(List.copyOf(page), key.apply(page.get(page.size() - 1)));
    }

    /** The page size asked for, checked against 1..1000. */
    public static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
    }
}
