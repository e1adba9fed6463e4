package dev.warren.tasks;

import java.util.List;

/** A batch of tasks published all or none. */
public record BatchRequest(List<TaskRequest> tasks) {
}
