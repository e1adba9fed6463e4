package dev.warren.broker;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuorumReplicasTest {

    @Test
    void theConfiguredCountWhenTheClusterHasThatManyRunningNodes() {
        assertEquals(Optional.of(3), QuorumReplicas.decide(3, OptionalInt.of(5)));
        assertEquals(Optional.of(3), QuorumReplicas.decide(3, OptionalInt.of(3)));
    }

    @Test
    void atMostTheRunningNodesOfASmallerCluster() {
        assertEquals(Optional.of(2), QuorumReplicas.decide(3, OptionalInt.of(2)));
        assertEquals(Optional.of(1), QuorumReplicas.decide(3, OptionalInt.of(1)));
    }

    @Test
    void theBrokerDecidesWhenTheNodesAreUnknownOrNothingIsConfigured() {
        assertEquals(Optional.empty(), QuorumReplicas.decide(3, OptionalInt.empty()));
        assertEquals(Optional.empty(), QuorumReplicas.decide(3, OptionalInt.of(0)));
        assertEquals(Optional.empty(), QuorumReplicas.decide(0, OptionalInt.of(3)));
    }
}
