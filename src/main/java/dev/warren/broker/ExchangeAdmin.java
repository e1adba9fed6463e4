package dev.warren.broker;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.util.Map;

/** Declares, checks and deletes exchanges and binds queues to them through Spring AMQP's admin. */
public final class ExchangeAdmin {

    private final RabbitAdmin admin;

    public ExchangeAdmin(RabbitAdmin admin) {
        this.admin = admin;
    }

    /**
     * Declares a durable exchange of this type.
     *
     * @return true when it was created, false when it already existed with this type
     * @throws dev.warren.common.ProblemException 409 when it exists with another type or durability
     */
    public boolean declare(String exchange, String type, Map<String, Object> arguments) {
        boolean existed = exists(exchange);
        try {
            admin.declareExchange(new ExchangeBuilder(exchange, type).durable(true).withArguments(arguments).build());
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Exchange " + exchange);
        }
        return !existed;
    }

    /** True when the broker has an exchange of this name (a passive declare, which cannot tell its type). */
    public boolean exists(String exchange) {
        try {
            admin.getRabbitTemplate().execute(channel -> channel.exchangeDeclarePassive(exchange));
            return true;
        } catch (AmqpException e) {
            if (BrokerErrors.isNotFound(e)) {
                return false;
            }
            throw BrokerErrors.toProblem(e, "Exchange " + exchange);
        }
    }

    public void delete(String exchange) {
        try {
            admin.deleteExchange(exchange);
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Exchange " + exchange);
        }
    }

    /** Binds the queue; binding the same queue, key and arguments again changes nothing. */
    public void bind(BindingView binding) {
        try {
            admin.declareBinding(toAmqp(binding));
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Binding of " + binding.queue() + " to " + binding.exchange());
        }
    }

    public void unbind(BindingView binding) {
        try {
            admin.removeBinding(toAmqp(binding));
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Binding of " + binding.queue() + " to " + binding.exchange());
        }
    }

    private static Binding toAmqp(BindingView binding) {
        return new Binding(binding.queue(), Binding.DestinationType.QUEUE, binding.exchange(), binding.routingKey(),
                binding.arguments());
    }
}
