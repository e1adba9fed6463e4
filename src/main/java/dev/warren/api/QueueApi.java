package dev.warren.api;

import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import dev.warren.broker.Names;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;
import dev.warren.broker.QueueView;
import dev.warren.broker.QueueViews;
import dev.warren.jobs.Jobs;
import dev.warren.jobs.QueueEmptied;
import dev.warren.schedules.Schedules;
import dev.warren.workers.WorkerGroups;

import java.time.Instant;


/** The queue endpoints: declare, view, list, purge and delete. */
public final class QueueApi {

    private final QueueAdmin admin;
    private final QueueViews views;
    private final WorkerGroups groups;
    private final Schedules schedules;
    private final Jobs jobs;
    private final String defaultType;
    private final int defaultDeliveryLimit;

    public QueueApi(QueueAdmin admin, QueueViews views, WorkerGroups groups, Schedules schedules, Jobs jobs,
                    String defaultType, int defaultDeliveryLimit) {
        this.admin = admin;
        this.views = views;
        this.groups = groups;
        this.schedules = schedules;
        this.jobs = jobs;
        this.defaultType = defaultType;
        this.defaultDeliveryLimit = defaultDeliveryLimit;
    }

    public ApiResponse declare(String queue, byte[] body) {
        checkOwnQueue(queue);
        QueueSettings requested = body == null || body.length == 0
                ? new QueueSettings(null, null, null, null) : Json.read(body, QueueSettings.class);
        var errors = requested.errors();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        QueueSettings settings = requested.withDefaults(defaultType, defaultDeliveryLimit);
        boolean created;
        try {
            created = admin.declare(queue, settings);
        } catch (ProblemException refused) {
            if (refused.problem().status() == 409) {
                checkSameType(queue, settings.type());
            }
            throw refused;
        }
        QueueView view = withWorkers(views.find(queue).orElseThrow(() -> ProblemException.notFound(missing(queue))));
        return created ? ApiResponse.created(view).withHeader("Location", "/api/queues/" + queue) : ApiResponse.ok(view);
    }

    /**
     * After the broker refused a declare, 409 naming the types when the queue exists as another type (the broker's
     * refusal names an argument instead).
     */
    private void checkSameType(String queue, String type) {
        views.find(queue).map(QueueView::type).filter(existing -> !existing.equals(type)).ifPresent(existing -> {
            throw ProblemException.conflict("Queue " + queue + " exists as a " + existing + " queue, not " + type
                    + ": a queue's type cannot change (give \"type\": \"" + existing + "\", or delete the queue and declare it again)");
        });
    }

    public ApiResponse get(String queue) {
        checkName(queue);
        return ApiResponse.ok(withWorkers(views.find(queue).orElseThrow(() -> ProblemException.notFound(missing(queue)))));
    }

    /** The queues this caller may use, a page at a time. */
    public ApiResponse list(dev.warren.auth.Caller caller, String limit, String cursor) {
        Page<QueueView> page = Page.of(views.all().stream().filter(q -> caller.mayUseQueue(q.name())).toList(),
                QueueView::name, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.QueuePage(page.items().stream().map(this::withWorkers).toList(), page.next()));
    }

    public ApiResponse purge(String queue) {
        checkOwnQueue(queue);
        requireQueue(queue);
        return ApiResponse.ok(new ApiSchemas.Purged(purgeMessages(queue)));
    }

    /**
     * Purges the queue (its name checked by the caller) and records when, for its jobs: the time is taken before the broker is asked,
     * so that no job changed after the purge is taken for one it removed. Answers how many messages went.
     */
    long purgeMessages(String queue) {
        Instant askedAt = Instant.now();
        long purged = admin.purge(queue);
        jobs.queueEmptied(queue, askedAt, QueueEmptied.By.PURGE);
        return purged;
    }

    public ApiResponse delete(String queue) {
        checkOwnQueue(queue);
        requireQueue(queue);
        if (groups.config(queue) != null) {
            groups.delete(queue);
        }
        Instant askedAt = Instant.now();
        admin.delete(queue, views.companions(queue));
        jobs.queueEmptied(queue, askedAt, QueueEmptied.By.DELETE);
        schedules.pauseFor(queue);
        return ApiResponse.noContent();
    }

    private QueueView withWorkers(QueueView view) {
        return view.withWorkers(groups.find(view.name(), false).orElse(null));
    }

    /** Checks the name and that the broker has the queue: 400 or 404 otherwise. */
    public void requireQueue(String queue) {
        checkName(queue);
        if (!admin.exists(queue)) {
            throw ProblemException.notFound(missing(queue));
        }
    }

    public static void checkName(String queue) {
        Names.violation(queue).ifPresent(rule -> {
            throw ProblemException.invalid("queue", "'" + queue + "' " + rule);
        });
    }

    /**
     * Checks the name for an operation that changes the queue or uses it as a queue of its own: 400 when it breaks the
     * naming rule, 409 when it names a companion of another queue (its dead-letter or a wait queue). 409 rather than
     * 400: the name is valid and its queue may be read, but what it is for is taken by the queue it belongs to.
     */
    public static void checkOwnQueue(String queue) {
        checkName(queue);
        refuseCompanion(queue);
    }

    /** 409 when the queue named in a request (a schedule's, a binding's) is a companion of another queue. */
    static void refuseCompanion(String queue) {
        Names.companionUse(queue).ifPresent(why -> {
            throw ProblemException.conflict(why);
        });
    }

    private static String missing(String queue) {
        return "Queue " + queue + " does not exist; declare it with PUT /api/queues/" + queue;
    }
}
