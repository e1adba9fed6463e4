package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads exchanges and their bindings from the management API, which alone can list them. */
public final class ExchangeViews {

    private final ManagementClient management;

    public ExchangeViews(ManagementClient management) {
        this.management = management;
    }

    /** The exchanges users declare, sorted by name: neither the default exchange nor RabbitMQ's amq.* ones. */
    public List<ExchangeView> all() {
        List<ExchangeView> views = new ArrayList<>();
        management.exchanges().forEach(exchange -> {
            String name = exchange.path("name").asText();
            if (!name.isEmpty() && !name.startsWith("amq.")) {
                views.add(view(exchange));
            }
        });
        views.sort(Comparator.comparing(ExchangeView::name));
        return views;
    }

    /** The exchange of this name with its type, durability and arguments, or empty when there is none. */
    public java.util.Optional<ExchangeView> find(String exchange) {
        return management.exchange(exchange).map(ExchangeViews::view);
    }

    private static ExchangeView view(JsonNode exchange) {
        return new ExchangeView(exchange.path("name").asText(), exchange.path("type").asText(),
                exchange.path("durable").asBoolean(), map(exchange.path("arguments")));
    }

    /** The queues bound to this exchange, with their keys and arguments. */
    public List<BindingView> bindingsFrom(String exchange) {
        return queueBindings(management.bindingsFrom(exchange));
    }

    /** Every binding of a queue to a named exchange in the virtual host. */
    public List<BindingView> bindings() {
        return queueBindings(management.bindings()).stream().filter(binding -> !binding.exchange().isEmpty()).toList();
    }

    private static List<BindingView> queueBindings(JsonNode bindings) {
        List<BindingView> views = new ArrayList<>();
        bindings.forEach(binding -> {
            if ("queue".equals(binding.path("destination_type").asText())) {
                views.add(new BindingView(binding.path("source").asText(), binding.path("destination").asText(),
                        binding.path("routing_key").asText(), map(binding.path("arguments"))));
            }
        });
        return views;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode arguments) {
        return arguments.isObject() ? Json.MAPPER.convertValue(arguments, Map.class) : Map.of();
    }
}
