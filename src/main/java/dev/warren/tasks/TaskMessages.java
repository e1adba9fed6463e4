package dev.warren.tasks;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.warren.common.Json;
import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import dev.warren.broker.OutgoingMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks task requests and turns them into messages for a queue, with time-ordered ids where none is given. */
public final class TaskMessages {

    public static final int MAX_BATCH = 1000;
    public static final long MAX_DELAY_MS = 30L * 24 * 3600 * 1000;
    /** AMQP header names are short strings (at most 255 bytes). */
    public static final int MAX_HEADER_NAME = 255;
    /** A task's headers together, names and values, in UTF-8 bytes: the broker takes them in one frame of 128 KiB. */
    public static final int MAX_HEADERS_BYTES = 32 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");
    private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

    private TaskMessages() {
    }

    /** The message of one task, or a 400 naming what is wrong. */
    public static OutgoingMessage single(String queue, TaskRequest task) {
        List<FieldError> errors = errors(task, "");
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return toMessage(queue, task);
    }

    /** The messages of a batch (1..1000 tasks, distinct ids), or a 400 naming every problem. */
    public static List<OutgoingMessage> batch(String queue, BatchRequest batch) {
        List<TaskRequest> tasks = batch.tasks();
        if (tasks == null || tasks.isEmpty() || tasks.size() > MAX_BATCH) {
            throw ProblemException.invalid("tasks", "must hold between 1 and " + MAX_BATCH + " tasks");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskRequest task = tasks.get(i);
            String field = "tasks[" + i + "]";
            if (task == null) {
                errors.add(new FieldError(field, "must be a task object"));
                continue;
            }
            errors.addAll(errors(task, field + "."));
            if (task.id() != null && !ids.add(task.id())) {
                errors.add(new FieldError(field + ".id", "repeats an id of this batch"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return tasks.stream().map(task -> toMessage(queue, task)).toList();
    }

    public static String newId() {
        return UUID_V7.generate().toString();
    }

    /** What is wrong with a task's payload, id, delay and headers, each field named after the prefix. */
    public static List<FieldError> errors(TaskRequest task, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (task.payload() == null || task.payload().isNull()) {
            errors.add(new FieldError(prefix + "payload", "is required (any JSON value but null)"));
        }
        if (task.id() != null && (!ID.matcher(task.id()).matches() || ONLY_DOTS.matcher(task.id()).matches())) {
            // "." and ".." cannot be a path segment: /api/jobs/.. would never reach the job
            errors.add(new FieldError(prefix + "id", "must be 1-200 characters of A-Z a-z 0-9 . _ : -, not only dots"));
        }
        if (task.delayMs() != null && (task.delayMs() < 0 || task.delayMs() > MAX_DELAY_MS)) {
            errors.add(new FieldError(prefix + "delayMs", "must be between 0 and " + MAX_DELAY_MS + " (30 days)"));
        }
        if (task.headers() != null) {
            long bytes = 0;
            for (Map.Entry<String, String> header : task.headers().entrySet()) {
                String name = header.getKey();
                String field = prefix + "headers." + (name.length() > 64 ? name.substring(0, 64) + "..." : name);
                int nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                bytes += nameBytes + (header.getValue() == null ? 0 : header.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                if (name.isBlank() || name.toLowerCase(java.util.Locale.ROOT).startsWith(TaskHeaders.PREFIX)) {
                    errors.add(new FieldError(field, "header names must not be blank or start with '" + TaskHeaders.PREFIX + "'"));
                } else if (nameBytes > MAX_HEADER_NAME) {
                    errors.add(new FieldError(field, "header names are at most " + MAX_HEADER_NAME + " bytes"));
                } else if (header.getValue() == null) {
                    errors.add(new FieldError(field, "must be a string"));
                }
            }
            if (bytes > MAX_HEADERS_BYTES) {
                errors.add(new FieldError(prefix + "headers", "names and values together are at most " + MAX_HEADERS_BYTES
                        + " bytes"));
            }
        }
        return errors;
    }

    private static OutgoingMessage toMessage(String queue, TaskRequest task) {
        String id = task.id() != null ? task.id() : newId();
        Map<String, Object> headers = new LinkedHashMap<>();
        if (task.headers() != null) {
            headers.putAll(task.headers());
        }
        headers.put(TaskHeaders.QUEUE, queue);
        headers.put(TaskHeaders.PUBLISHED_AT, Instant.now().toString());
        headers.put(TaskHeaders.GENERATION, 0);
        return new OutgoingMessage("", queue, id, Json.write(task.payload()), headers);
    }
}
