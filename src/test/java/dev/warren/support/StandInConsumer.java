package dev.warren.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for another instance's idle consumer of a queue: it takes a message as soon as the broker has one for it,
 * notes when, and never acknowledges it; closing gives the message back to the queue.
 */
public final class StandInConsumer implements AutoCloseable {

    private final Connection connection;
    private final AtomicLong firstNanos = new AtomicLong();

    private StandInConsumer(String queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.get().amqpUri);
        connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.basicQos(1);
        channel.basicConsume(queue, false, (tag, delivery) -> firstNanos.compareAndSet(0, System.nanoTime()), tag -> { });
    }

    public static StandInConsumer on(String queue) throws Exception {
        return new StandInConsumer(queue);
    }

    /** When (System.nanoTime) the first message came; 0 while none has. */
    public long firstNanos() {
        return firstNanos.get();
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
