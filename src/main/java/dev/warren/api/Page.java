package dev.warren.api;

import dev.warren.common.ProblemException;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** One page of a list answer, {"items": [...], "next": cursor-or-null}, and how to cut it from a list by its items' keys. */
public record Page<T>(List<T> items, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /**
     * The items after the cursor, at most limit of them, in the order of their keys (String order, whatever order
     * the source gave them in). Keys must be unique: an item sharing its key with the last of a page would be skipped.
     */
    public static <T> Page<T> of(List<T> items, Function<T, String> key, String limit, String cursor) {
        int size = limit(limit);
        String after = cursor == null || cursor.isEmpty() ? null : Cursor.key(cursor);
        List<T> rest = items.stream().filter(item -> after == null || key.apply(item).compareTo(after) > 0)
                .sorted(Comparator.comparing(key)).toList();
        if (rest.size() <= size) {
            return new Page<>(rest, null);
        }
        List<T> page = rest.subList(0, size);
        return new Page<>(List.copyOf(page), Cursor.of(key.apply(page.get(page.size() - 1))));
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
