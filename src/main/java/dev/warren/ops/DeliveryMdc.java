package dev.warren.ops;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/** Puts a delivery's job id and queue in the logging MDC of its thread until the delivery's exchange completes. */
public final class DeliveryMdc {

    public static final String JOB_ID = "jobId";
    public static final String QUEUE = "queue";

    private DeliveryMdc() {
    }

    public static void open(Exchange exchange, String queue, String jobId) {
        MDC.put(QUEUE, queue);
        MDC.put(JOB_ID, jobId);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                MDC.remove(QUEUE);
                MDC.remove(JOB_ID);
            }
        });
    }
}
