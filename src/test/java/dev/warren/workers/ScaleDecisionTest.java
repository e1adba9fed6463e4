package dev.warren.workers;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDecisionTest {

    private static final ScaleDecision TWO_TO_FOUR = new ScaleDecision(Instant.EPOCH, 2, 4, "backlog");
    private static final AutoscaleSettings AUTOSCALE = new AutoscaleSettings(0, 8, 100, 1000L).withDefaults();

    @Test
    void appliesToTheRunningAutoscaledGroupAtTheCountItWasMadeFrom() {
        assertTrue(TWO_TO_FOUR.appliesTo(group(2, WorkerGroupConfig.State.RUNNING, AUTOSCALE)));
    }

    @Test
    void doesNotApplyToAGroupPausedMeanwhile() {
        assertFalse(TWO_TO_FOUR.appliesTo(group(2, WorkerGroupConfig.State.PAUSED, AUTOSCALE)));
    }

    @Test
    void doesNotApplyToAGroupScaledMeanwhile() {
        assertFalse(TWO_TO_FOUR.appliesTo(group(3, WorkerGroupConfig.State.RUNNING, AUTOSCALE)));
    }

    @Test
    void doesNotApplyToAGroupNoLongerAutoscaled() {
        assertFalse(TWO_TO_FOUR.appliesTo(group(2, WorkerGroupConfig.State.RUNNING, null)));
    }

    private static WorkerGroupConfig group(int count, WorkerGroupConfig.State state, AutoscaleSettings autoscale) {
        return new WorkerGroupConfig("q", "http", count, 1, null, RetryPolicy.DEFAULT, Map.of(), state, null, null,
                autoscale, null, null);
    }
}
