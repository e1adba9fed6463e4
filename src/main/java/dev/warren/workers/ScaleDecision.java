package dev.warren.workers;

/** A change of an autoscaled group's count: when, from how many consumers to how many, and why. */
public record ScaleDecision(java.time.Instant at, int from, int to, String reason) {
}
