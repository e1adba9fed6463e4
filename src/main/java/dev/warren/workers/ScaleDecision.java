package dev.warren.workers;

/** A change of an autoscaled group's count: when, from how many consumers to how many, and why. */
public record ScaleDecision(java.time.Instant at, int from, int to, String reason) {

    /** Whether the decision still holds for this version of the group: autoscaled, running and at the count it was made from. */
    public boolean appliesTo(WorkerGroupConfig group) {
        return group.autoscale() != null && group.state() == WorkerGroupConfig.State.RUNNING && group.count() == from;
    }
}
