package dev.warren.topics;

import dev.warren.broker.PullConsumer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A pull takes messages with basic.get and acks them only once the answer is built; a failure requeues them. */
class TopicPullIT {

    static CachingConnectionFactory factory;
    static PullConsumer puller;
    static TestBroker broker;

    @BeforeAll
    static void connect() {
        broker = TestBroker.get();
        factory = new CachingConnectionFactory(URI.create(broker.amqpUri));
        puller = new PullConsumer(new RabbitTemplate(factory));
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    private static String queueWith(int messages) {
        String queue = TestBroker.uniqueName("pull");
        broker.admin().declareQueue(new Queue(queue, true, false, false));
        for (int i = 0; i < messages; i++) {
            broker.publish(queue, "{\"i\": " + i + "}");
        }
        return queue;
    }

    @Test
    void takesAtMostMaxAndAcksThem() {
        String queue = queueWith(5);
        try {
            assertEquals(2, (int) puller.take(queue, 2, List::size));
            assertEquals(3, broker.ready(queue), "the rest stay");
            assertEquals(3, (int) puller.take(queue, 10, List::size));
            assertEquals(0, broker.ready(queue));
            assertEquals(0, (int) puller.take(queue, 10, List::size), "an empty queue answers no messages");
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aFailureWhileBuildingTheAnswerRequeuesEveryTakenMessage() {
        String queue = queueWith(3);
        try {
            IllegalStateException failure = new IllegalStateException("cannot build");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> puller.take(queue, 2, messages -> {
                        throw failure;
                    }));
            assertSame(failure, thrown, "the caller's exception, not wrapped");
            // a nack has no reply: the broker requeues shortly after, not before the call returns
            org.awaitility.Awaitility.await("both taken messages are back").atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> broker.ready(queue) == 3);

            List<Message> again = puller.take(queue, 10, messages -> messages);
            assertEquals(3, again.size(), "each message once");
            // the broker's redelivered flag is not asserted: it was seen unset after a multiple nack with requeue
            assertEquals(3, again.stream().map(m -> new String(m.getBody())).distinct().count(), "three distinct messages");
            assertEquals(0, broker.ready(queue));
        } finally {
            broker.deleteQueues(queue);
        }
    }

    @Test
    void aMissingQueueIs404() {
        var problem = assertThrows(dev.warren.common.ProblemException.class,
                () -> puller.take(TestBroker.uniqueName("none"), 1, List::size));
        assertEquals(404, problem.problem().status());
        assertFalse(problem.problem().detail().isEmpty());
    }
}
