package dev.warren.api;

import dev.warren.auth.Caller;
import dev.warren.broker.Names;
import dev.warren.common.Json;
import dev.warren.common.Problem;
import dev.warren.common.ProblemException;
import dev.warren.schedules.Schedule;
import dev.warren.schedules.ScheduleRequest;
import dev.warren.schedules.ScheduleView;
import dev.warren.schedules.Schedules;

/**
 * The schedule endpoints. A key limited to some queues sees and manages only the schedules of its queues: others are
 * answered as missing (404), and moving a schedule to a queue it may not use is refused (403).
 */
public final class ScheduleApi {

    private final Schedules schedules;

    public ScheduleApi(Schedules schedules) {
        this.schedules = schedules;
    }

    public ApiResponse put(String name, byte[] body, Caller caller) {
        checkName(name);
        ScheduleRequest request = Json.read(body, ScheduleRequest.class);
        schedules.find(name).ifPresent(existing -> visible(existing, caller));
        if (request.queue() != null && !caller.mayUseQueue(request.queue())) {
            throw new ProblemException(Problem.of(403, "Forbidden", "This key may not use the queue " + request.queue()));
        }
        QueueApi.refuseCompanion(request.queue());
        Schedules.Put put = schedules.put(name, request);
        ScheduleView view = ScheduleView.of(put.schedule());
        return put.created() ? ApiResponse.created(view).withHeader("Location", "/api/schedules/" + name)
                : ApiResponse.ok(view);
    }

    public ApiResponse get(String name, Caller caller) {
        return ApiResponse.ok(ScheduleView.of(visible(name, caller)));
    }

    /** The schedules of the queues this caller may use, a page at a time, by name. */
    public ApiResponse list(Caller caller, String limit, String cursor) {
        Page<ScheduleView> page = Page.of(schedules.all().stream()
                .filter(s -> caller.mayUseQueue(s.definition().queue())).map(ScheduleView::of).toList(),
                ScheduleView::name, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.SchedulePage(page.items(), page.next()));
    }

    public ApiResponse delete(String name, Caller caller) {
        visible(name, caller);
        schedules.delete(name);
        return ApiResponse.noContent();
    }

    public ApiResponse pause(String name, Caller caller) {
        visible(name, caller);
        return ApiResponse.ok(ScheduleView.of(schedules.pause(name)));
    }

    public ApiResponse resume(String name, Caller caller) {
        visible(name, caller);
        return ApiResponse.ok(ScheduleView.of(schedules.resume(name)));
    }

    /** Publishes one run now: 202 once the broker confirmed it. */
    public ApiResponse run(String name, Caller caller) {
        visible(name, caller);
        return ApiResponse.accepted(ScheduleView.of(schedules.runNow(name)));
    }

    private Schedule visible(String name, Caller caller) {
        checkName(name);
        return visible(schedules.require(name), caller);
    }

    private static Schedule visible(Schedule schedule, Caller caller) {
        if (!caller.mayUseQueue(schedule.definition().queue())) {
            throw ProblemException.notFound("There is no schedule " + schedule.name());
        }
        return schedule;
    }

    private static void checkName(String name) {
        Names.violation(name).ifPresent(rule -> {
            throw ProblemException.invalid("name", "'" + name + "' " + rule);
        });
    }
}
