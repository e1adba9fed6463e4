package dev.warren.schedules;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;

import java.time.Instant;
import java.util.UUID;

/**
 * The task ids of a schedule's run: name-based UUIDs over the schedule's name, the run's due time and the task's place
 * in it. A run published twice (after a crash, or by two instances) has the same ids, and the job store accepts an id
 * once, so each run is one job (or one set of jobs) however often it is tried.
 */
public final class RunIds {

    /** The namespace of schedule run ids (a fixed, random UUID). */
    private static final NameBasedGenerator GENERATOR =
            Generators.nameBasedGenerator(UUID.fromString("b8e1f3a2-6c4d-4e7f-9a15-2d3c4b5a6f70"));

    private RunIds() {
    }

    /** The id of the task at this index of the run due at this time. */
    public static String of(String schedule, Instant due, int index) {
        return GENERATOR.generate("schedule\0" + schedule + "\0" + due.toEpochMilli() + "\0" + index).toString();
    }

    /** The id of a "run now" of a schedule asked for at this time. */
    public static String manual(String schedule, Instant asked, int index) {
        return GENERATOR.generate("manual\0" + schedule + "\0" + asked.toEpochMilli() + "\0" + index).toString();
    }
}
