package dev.warren.config;

import dev.warren.api.ApiBeans;
import dev.warren.api.BrokerApi;
import dev.warren.api.CompatApi;
import dev.warren.api.DocsPage;
import dev.warren.api.ExchangeApi;
import dev.warren.api.HttpErrorPages;
import dev.warren.api.JobApi;
import dev.warren.api.OpenApiDocument;
import dev.warren.api.QueueApi;
import dev.warren.api.TaskApi;
import dev.warren.api.TopicApi;
import dev.warren.api.WorkerApi;
import dev.warren.broker.BrokerViews;
import dev.warren.broker.ExchangeAdmin;
import dev.warren.broker.ExchangeViews;
import dev.warren.broker.PullConsumer;
import dev.warren.jobs.DeadLetterReplay;
import dev.warren.ops.ShutdownGate;
import dev.warren.publishing.TaskPublishing;
import dev.warren.topics.Topics;
import org.apache.camel.CamelContext;

/** Wires the use cases the HTTP layer calls and the API's beans ApiRoutes calls by name, then its pages. */
final class ApiConfiguration {

    void api(CamelContext context, BrokerConfiguration broker, BrokerConfiguration.Broker rabbit,
             WorkerConfiguration.Workers workers, StoreConfiguration.JobServices jobs, TaskPublishing publishing,
             dev.warren.schedules.Schedules schedules,
             ShutdownGate gate, dev.warren.api.AccessGate accessGate) throws Exception {
        QueueApi queueApi = new QueueApi(rabbit.queueAdmin(), rabbit.queueViews(), workers.groups(), schedules,
                jobs.jobs(), broker.defaultQueueType(), broker.defaultDeliveryLimit());
        TaskApi taskApi = new TaskApi(publishing);
        context.getRegistry().bind(ApiBeans.JOB_API, new JobApi(jobs.jobs(),
                new DeadLetterReplay(rabbit.template(), rabbit.publisher(), jobs.jobStore()), queueApi));
        context.getRegistry().bind(ApiBeans.QUEUE_API, queueApi);
        context.getRegistry().bind(ApiBeans.TASK_API, taskApi);
        context.getRegistry().bind(ApiBeans.SCHEDULE_API, new dev.warren.api.ScheduleApi(schedules));
        context.getRegistry().bind(ApiBeans.WORKER_API, new WorkerApi(workers.groups(), workers.workerTypes(), queueApi));
        context.getRegistry().bind(ApiBeans.COMPAT_API, new CompatApi(workers.groups(), rabbit.queueAdmin(), queueApi,
                publishing, rabbit.queueDefaults()));
        ExchangeAdmin exchangeAdmin = new ExchangeAdmin(rabbit.rabbitAdmin());
        ExchangeViews exchangeViews = new ExchangeViews(rabbit.management());
        Topics topics = new Topics(exchangeAdmin, exchangeViews, rabbit.queueAdmin(), rabbit.queueDefaults());
        context.getRegistry().bind(ApiBeans.TOPIC_API, new TopicApi(topics, queueApi, rabbit.publisher(),
                new PullConsumer(rabbit.template())));
        context.getRegistry().bind(ApiBeans.EXCHANGE_API, new ExchangeApi(exchangeAdmin, exchangeViews, rabbit.queueAdmin(),
                rabbit.publisher()));
        context.getRegistry().bind(ApiBeans.BROKER_API, new BrokerApi(new BrokerViews(rabbit.management())));
        HttpErrorPages.install(context, gate, accessGate);
        DocsPage.install(context);
        dev.warren.ops.InfoPage.install(context, "/observe/info");
        context.getRegistry().bind(ApiBeans.OPEN_API_DOCUMENT, new OpenApiDocument());
    }
}
