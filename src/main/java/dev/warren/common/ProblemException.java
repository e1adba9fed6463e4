package dev.warren.common;

import java.util.List;

/** A request that cannot be served, carrying the RFC 9457 problem the client gets. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final String retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, String retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** The Retry-After (seconds) the answer carries, or null. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(new Problem(Problem.TYPE_VALIDATION, "Invalid request", 400, detail, errors));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not Found", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    /** A 409 that goes away by itself: the same request soon may succeed, so it carries Retry-After: 1. */
    public static ProblemException conflictForNow(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail), "1");
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(Problem.of(415, "Unsupported Media Type", detail));
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.of(413, "Content Too Large", detail));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "Service Unavailable", detail));
    }
}
