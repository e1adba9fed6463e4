package dev.warren.delivery;

import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The gates and rate limits find a group by its queue's name: a prefixed name never among the queue groups. */
class GroupConfigsTest {

    private static WorkerGroupConfig group(String queue) {
        return new WorkerGroupSpec(1, "http", null, null, null, null, null, null, null, null)
                .toConfig(queue, WorkerGroupConfig.State.RUNNING, null);
    }

    @Test
    void aPrefixedNameIsLookedUpOnlyWhereItsPrefixSays() {
        WorkerGroupConfig orders = group("orders");
        WorkerGroupConfig kafkaOrders = group("kafka:orders");
        List<String> askedQueues = new ArrayList<>();
        GroupConfigs configs = new GroupConfigs(queue -> {
            askedQueues.add(queue);
            return queue.equals("orders") ? orders : null;
        });
        assertSame(orders, configs.apply("orders"));
        assertNull(configs.apply("kafka:orders"), "no Kafka groups yet: asked among the queues, none there");
        configs.alsoFrom("kafka:", name -> name.equals("kafka:orders") ? kafkaOrders : null);
        assertSame(kafkaOrders, configs.apply("kafka:orders"));
        assertNull(configs.apply("kafka:other"));
        assertSame(orders, configs.apply("orders"));
        assertEquals(List.of("orders", "kafka:orders", "orders"), askedQueues);
    }
}
