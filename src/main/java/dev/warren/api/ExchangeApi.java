package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Problem.FieldError;
import dev.warren.broker.BindingView;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.ExchangeAdmin;
import dev.warren.broker.ExchangeSettings;
import dev.warren.broker.ExchangeView;
import dev.warren.broker.ExchangeViews;
import dev.warren.broker.Names;
import dev.warren.broker.OutgoingMessage;
import dev.warren.broker.QueueAdmin;
import dev.warren.topics.ExchangeMessages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The exchange endpoints: declare, list and delete exchanges, bind queues to them and publish through them. */
public final class ExchangeApi {

    /** AMQP carries routing keys as short strings. */
    static final int MAX_ROUTING_KEY_BYTES = 255;
    static final Set<String> MATCH_MODES = Set.of("all", "any", "all-with-x", "any-with-x");

    /** The body of a bind request; arguments are what a headers exchange matches (with "x-match": all or any). */
    public record BindingRequest(String queue, String routingKey, Map<String, String> arguments) {

        public List<FieldError> errors() {
            List<FieldError> errors = new ArrayList<>();
            Names.violation(queue).ifPresent(rule -> errors.add(new FieldError("queue", "is required and " + rule)));
            routingKeyError(routingKey).ifPresent(errors::add);
            if (arguments != null) {
                arguments.forEach((name, value) -> {
                    if (name.isBlank() || value == null) {
                        errors.add(new FieldError("arguments." + name, "must be a non-blank name with a string value"));
                    } else if (name.equals("x-match") && !MATCH_MODES.contains(value)) {
                        errors.add(new FieldError("arguments.x-match", "must be one of all, any, all-with-x, any-with-x"));
                    }
                });
            }
            return errors;
        }

        BindingView toBinding(String exchange) {
            return new BindingView(exchange, queue, routingKey == null ? "" : routingKey,
                    arguments == null ? Map.of() : Map.copyOf(arguments));
        }
    }

    /** The body of a publish request. */
    public record PublishRequest(String routingKey, JsonNode payload, Map<String, String> headers) {
    }

    private final ExchangeAdmin exchanges;
    private final ExchangeViews views;
    private final QueueAdmin queues;
    private final ConfirmedPublisher publisher;

    public ExchangeApi(ExchangeAdmin exchanges, ExchangeViews views, QueueAdmin queues, ConfirmedPublisher publisher) {
        this.exchanges = exchanges;
        this.views = views;
        this.queues = queues;
        this.publisher = publisher;
    }

    public ApiResponse list(String limit, String cursor) {
        Page<ExchangeView> page = Page.of(views.all(), ExchangeView::name, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.ExchangePage(page.items(), page.next()));
    }

    /** The exchange's bindings to queues the caller may use (a key limited to some queues sees only those). */
    public ApiResponse bindings(dev.warren.auth.Caller caller, String exchange, String limit, String cursor) {
        requireExchange(exchange);
        List<BindingView> bindings = views.bindingsFrom(exchange).stream()
                .filter(binding -> caller.mayUseQueue(binding.queue())).toList();
        return ApiResponse.ok(Page.of(bindings, BindingView::key, limit, cursor));
    }

    public ApiResponse declare(String exchange, byte[] body) {
        checkName("exchange", exchange);
        ExchangeSettings settings = Json.read(body, ExchangeSettings.class);
        if (!settings.errors().isEmpty()) {
            throw ProblemException.invalid(settings.errors());
        }
        boolean created = exchanges.declare(exchange, settings.type(), Map.of());
        ExchangeView view = new ExchangeView(exchange, settings.type(), true, Map.of());
        return created ? ApiResponse.created(view).withHeader("Location", "/api/exchanges/" + exchange) : ApiResponse.ok(view);
    }

    public ApiResponse delete(String exchange) {
        requireExchange(exchange);
        exchanges.delete(exchange);
        return ApiResponse.noContent();
    }

    public ApiResponse bind(String exchange, byte[] body) {
        checkName("exchange", exchange);
        BindingRequest request = Json.read(body, BindingRequest.class);
        if (!request.errors().isEmpty()) {
            throw ProblemException.invalid(request.errors());
        }
        QueueApi.refuseCompanion(request.queue());
        requireExchange(exchange);
        requireQueue(request.queue());
        BindingView binding = request.toBinding(exchange);
        exchanges.bind(binding);
        return ApiResponse.created(binding);
    }

    /**
     * Removes the bindings of the queue to the exchange with this routing key: with arguments (a JSON object, as the
     * list shows them), only the binding that has exactly those; without, every one whatever its arguments. Only the
     * management API can list them, and AMQP can only unbind a binding with the arguments it was made with.
     */
    public ApiResponse unbind(String exchange, String queue, String routingKey, String arguments) {
        checkName("exchange", exchange);
        if (queue == null || queue.isEmpty()) {
            throw ProblemException.invalid("queue", "is required: the queue to unbind");
        }
        QueueApi.checkName(queue);
        String key = routingKey == null ? "" : routingKey;
        Optional<String> exactly = arguments == null ? Optional.empty()
                : Optional.of(new BindingView(exchange, queue, key, argumentsOf(arguments)).key());
        requireExchange(exchange);
        List<BindingView> matching = views.bindingsFrom(exchange).stream()
                .filter(binding -> binding.queue().equals(queue) && binding.routingKey().equals(key))
                .filter(binding -> exactly.isEmpty() || exactly.get().equals(binding.key())).toList();
        if (matching.isEmpty()) {
            throw ProblemException.notFound("Queue " + queue + " is not bound to exchange " + exchange
                    + " with routing key '" + key + "'" + (exactly.isPresent() ? " and these arguments" : ""));
        }
        matching.forEach(exchanges::unbind);
        return ApiResponse.noContent();
    }

    /** The arguments query parameter: a JSON object, as a binding's arguments are listed; 400 naming it otherwise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> argumentsOf(String arguments) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(arguments);
        } catch (java.io.IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            throw ProblemException.invalid("arguments", "must be a JSON object, as the binding's arguments are listed "
                    + "(e.g. {\"x-match\":\"all\",\"format\":\"pdf\"}; {} for a binding without)");
        }
        return Json.MAPPER.convertValue(parsed, Map.class);
    }

    /** Publishes with confirms and the mandatory flag; a message no binding matched is a 202 with routed false. */
    public ApiResponse publish(String exchange, byte[] body) {
        checkName("exchange", exchange);
        PublishRequest request = Json.read(body, PublishRequest.class);
        routingKeyError(request.routingKey()).ifPresent(error -> {
            throw ProblemException.invalid(List.of(error));
        });
        OutgoingMessage message = ExchangeMessages.of(exchange, request.routingKey() == null ? "" : request.routingKey(),
                request.payload(), request.headers());
        // publishing to a missing exchange closes the channel with no confirm; find it out before
        requireExchange(exchange);
        boolean routed = publisher.publish(List.of(message)).get(0);
        return ApiResponse.accepted(new ApiSchemas.PublishedToExchange(message.id(), routed));
    }

    private void requireExchange(String exchange) {
        checkName("exchange", exchange);
        if (!exchanges.exists(exchange)) {
            throw ProblemException.notFound("Exchange " + exchange + " does not exist; declare it with PUT /api/exchanges/"
                    + exchange);
        }
    }

    private void requireQueue(String queue) {
        if (!queues.exists(queue)) {
            throw ProblemException.notFound("Queue " + queue + " does not exist; declare it with PUT /api/queues/" + queue);
        }
    }

    /** 400 naming the field when the name of an exchange (or a topic, which is one) breaks warren's naming rule. */
    static void checkName(String field, String name) {
        Names.violation(name).ifPresent(rule -> {
            throw ProblemException.invalid(field, "'" + name + "' " + rule);
        });
    }

    private static Optional<FieldError> routingKeyError(String routingKey) {
        if (routingKey != null && routingKey.getBytes(StandardCharsets.UTF_8).length > MAX_ROUTING_KEY_BYTES) {
            return Optional.of(new FieldError("routingKey", "must be at most " + MAX_ROUTING_KEY_BYTES
                    + " bytes (UTF-8)"));
        }
        return Optional.empty();
    }
}
