package dev.warren.tasks;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.warren.api.Json;
import dev.warren.api.Problem.FieldError;
import dev.warren.api.ProblemException;
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
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
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

    private static List<FieldError> errors(TaskRequest task, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (task.payload() == null) {
            errors.add(new FieldError(prefix + "payload", "is required (any JSON value)"));
        }
        if (task.id() != null && !ID.matcher(task.id()).matches()) {
            errors.add(new FieldError(prefix + "id", "must be 1-200 characters of A-Z a-z 0-9 . _ : -"));
        }
        if (task.delayMs() != null && (task.delayMs() < 0 || task.delayMs() > MAX_DELAY_MS)) {
            errors.add(new FieldError(prefix + "delayMs", "must be between 0 and " + MAX_DELAY_MS + " (30 days)"));
        }
        if (task.headers() != null) {
            task.headers().forEach((name, value) -> {
                if (name.isBlank() || name.toLowerCase().startsWith(TaskHeaders.PREFIX)) {
                    errors.add(new FieldError(prefix + "headers." + name,
                            "header names must not be blank or start with '" + TaskHeaders.PREFIX + "'"));
                } else if (value == null) {
                    errors.add(new FieldError(prefix + "headers." + name, "must be a string"));
                }
            });
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
