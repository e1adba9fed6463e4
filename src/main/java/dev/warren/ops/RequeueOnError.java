package dev.warren.ops;

import dev.warren.common.DeliveryCutException;
import org.apache.camel.component.springrabbit.ListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.retry.backoff.FixedBackOffPolicy;
import org.springframework.retry.policy.NeverRetryPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;

/**
 * Makes a consumer whose route throws give the message back to its queue. camel-spring-rabbitmq leaves an
 * endpoint with {@code rejectAndDontRequeue=false} without a recoverer, and Spring AMQP then logs "Message(s)
 * dropped on recovery" and acknowledges: the task is lost (seen when a shutdown interrupts deliveries, and for
 * any unexpected error). Endpoints that reject-and-drop, or bring their own retry, are left as they are.
 */
public final class RequeueOnError implements ListenerContainerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RequeueOnError.class);

    private final ListenerContainerFactory delegate;

    public RequeueOnError(ListenerContainerFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
        AbstractMessageListenerContainer container = delegate.createListenerContainer(endpoint);
        if (endpoint.getRetry() == null && !endpoint.isRejectAndDontRequeue()) {
            // the same retries camel-spring-rabbitmq configures, with a recoverer that requeues at the end
            RetryInterceptorBuilder<?, ?> retry = RetryInterceptorBuilder.stateless()
                    .retryPolicy(endpoint.getMaximumRetryAttempts() <= 0 ? new NeverRetryPolicy()
                            : new SimpleRetryPolicy(endpoint.getMaximumRetryAttempts()))
                    .recoverer(RequeueOnError::requeue);
            if (endpoint.getRetryDelay() > 0) {
                FixedBackOffPolicy delay = new FixedBackOffPolicy();
                delay.setBackOffPeriod(endpoint.getRetryDelay());
                retry.backOffPolicy(delay);
            }
            container.setAdviceChain(retry.build());
        }
        return container;
    }

    /** Spring's ImmediateRequeueMessageRecoverer would log the whole message, payload and headers, at WARN. */
    private static void requeue(Message message, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // a delivery warren cut is expected: its line says why, and Camel's error handler does not log it
        LOG.warn("Message {} goes back to its queue: {}", message.getMessageProperties().getMessageId(),
                root instanceof DeliveryCutException ? root.getMessage() : "its route failed (" + root + ")");
        throw new ImmediateRequeueAmqpException(cause);
    }
}
