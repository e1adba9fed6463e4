package dev.warren.kafka;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The Camel side of a Kafka group's worker type: a route `kafka-steps-{topic}` made from the type's template (a
 * routes/ file written for queues) with its `from` replaced by `direct:kafka-steps-{topic}`. {@link KafkaDelivery}
 * sends each attempt of a record through it, with {@link KafkaSteps} for the bean "worker" to hand it to. The `from`
 * is replaced only for a parameter holding a {@link Source}, an object no caller can send (their parameters are text).
 */
public final class KafkaStepRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStepRoutes.class);
    /** The template parameter carrying the route's {@link Source}. */
    static final String SOURCE = "warrenKafkaSource";

    /** Where a steps route takes its exchanges from: fixed text and a topic checked by {@link KafkaNames}. */
    record Source(String uri) {
    }

    private final CamelContext context;

    public KafkaStepRoutes(CamelContext context) {
        this.context = context;
        context.getCamelContextExtension().getContextPlugin(Model.class)
                .addRouteTemplateDefinitionConverter("*", KafkaStepRoutes::convert);
    }

    public static String routeId(String topic) {
        return "kafka-steps-" + topic;
    }

    /** The endpoint an attempt is sent to. */
    public static String uri(String topic) {
        if (KafkaNames.topicViolation(topic).isPresent()) {
            throw new IllegalArgumentException("not a Kafka topic name");
        }
        return "direct:" + routeId(topic);
    }

    /** Makes and starts the topic's steps route from the type's template with these parameters. */
    public void create(String topic, String type, Map<String, Object> parameters) {
        String id = routeId(topic);
        builder(id, topic, type, parameters).add();
        try {
            context.getRouteController().startRoute(id);
        } catch (Exception e) {
            remove(id);
            throw new IllegalStateException("Cannot start route " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the route under a trial id, never started, and removes it: a type whose template cannot make it fails
     * here, before the group is stored.
     */
    public void trial(String topic, String type, Map<String, Object> parameters) {
        String id = "trial-" + routeId(topic);
        try {
            builder(id, topic, type, parameters).add();
        } finally {
            remove(id);
        }
    }

    /** Stops and removes the topic's steps route, if any. */
    public void remove(String id) {
        try {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
        } catch (Exception e) {
            LOG.warn("Route {} could not be removed: {}", id, e.getMessage());
        }
    }

    private TemplatedRouteBuilder builder(String id, String topic, String type, Map<String, Object> parameters) {
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, type).routeId(id)
                // started by create(), never by Camel (as queue groups' routes: the template says so for every route)
                .handler(template -> template.getRoute().autoStartup(false))
                .parameter(SOURCE, new Source(source(id, topic)));
        parameters.forEach(builder::parameter);
        return builder;
    }

    /** The steps route's endpoint: the topic checked by {@link #uri} on every path, a trial's included. */
    private static String source(String id, String topic) {
        String uri = uri(topic);
        return id.startsWith("trial-") ? "direct:" + id : uri;
    }

    /** A template's route as Camel makes it, with a Kafka steps route's `from` when the parameters say so. */
    private static RouteDefinition convert(RouteTemplateDefinition template, Map<String, Object> parameters)
            throws Exception {
        RouteDefinition route = RouteTemplateDefinition.Converter.DEFAULT_CONVERTER.apply(template, parameters);
        return parameters.get(SOURCE) instanceof Source source ? withInput(route, source.uri()) : route;
    }

    /** The route's steps and settings from another input (a route takes its input once, so this is a new one). */
    private static RouteDefinition withInput(RouteDefinition route, String uri) {
        RouteDefinition copy = new RouteDefinition();
        copy.setErrorHandlerRef(route.getErrorHandlerRef());
        if (route.isErrorHandlerFactorySet()) {
            copy.setErrorHandlerFactory(route.getErrorHandlerFactory());
        }
        copy.setInheritErrorHandler(route.getInheritErrorHandler());
        copy.setInput(new FromDefinition(uri));
        copy.setInputType(route.getInputType());
        copy.setOutputType(route.getOutputType());
        copy.setOutputs(route.getOutputs());
        copy.setTemplate(true);
        copy.setStartupOrder(route.getStartupOrder());
        copy.setPrecondition(route.getPrecondition());
        copy.setRouteConfigurationId(route.getRouteConfigurationId());
        copy.setAutoStartup(route.getAutoStartup());
        copy.setGroup(route.getGroup());
        copy.setDescription(route.getDescription());
        copy.setStreamCache(route.getStreamCache());
        copy.setMessageHistory(route.getMessageHistory());
        copy.setLogMask(route.getLogMask());
        copy.setTrace(route.getTrace());
        copy.setDelayer(route.getDelayer());
        copy.setRoutePolicies(route.getRoutePolicies());
        copy.setRoutePolicyRef(route.getRoutePolicyRef());
        copy.setShutdownRoute(route.getShutdownRoute());
        copy.setShutdownRunningTask(route.getShutdownRunningTask());
        copy.setRouteProperties(route.getRouteProperties());
        return copy;
    }
}
