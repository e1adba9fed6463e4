package dev.warren.delivery;

/** What an attempt's end tells a target's circuit breaker: the target failed, answered, or nothing to count. */
public enum BreakerVerdict {
    FAILURE, SUCCESS, NEUTRAL;

    /**
     * Connection errors, timeouts and 5xx (except a 503 the slow-down handles) are failures; any other answer shows the
     * target up; a 429, a refused target or a slowed-down 503 counts neither way.
     *
     * @param slowDown whether the group slows down on 429/503 (then a 503 is the target asking for less, not a failure)
     */
    public static BreakerVerdict of(Integer httpStatus, String error, boolean refused, boolean slowDown) {
        if (refused) {
            return NEUTRAL;
        }
        if (httpStatus == null) {
            return error == null ? SUCCESS : FAILURE;
        }
        if (httpStatus == 429 || (httpStatus == 503 && slowDown)) {
            return NEUTRAL;
        }
        return httpStatus >= 500 ? FAILURE : SUCCESS;
    }
}
