package dev.warren.api;

import dev.warren.common.Problem;

import dev.warren.broker.Names;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.VerbDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OpenAPI side of the REST DSL: query parameters and answers the verbs name, and what every verb shares,
 * added in one pass: its operationId, its path parameters described, and the problem+json errors it can answer.
 */
final class ApiDocs {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Map<String, String> PATH_PARAMETERS = Map.of(
            "queue", "A queue: " + Names.RULE,
            "topic", "A topic (a fanout exchange): " + Names.RULE,
            "exchange", "An exchange: " + Names.RULE);

    /** Every Kafka operation's 404 when warren.kafka.bootstrap-servers is empty. */
    private static final String KAFKA_OFF = "Kafka is not configured on this warren (warren.kafka.bootstrap-servers)";

    private ApiDocs() {
    }

    /** warren's version, from the jar's Maven descriptor; "development" when run from classes. */
    static String version() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/dev.warren/warren/pom.properties")) {
            if (in == null) {
                return "development";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }

    static ParamDefinition query(String name, String dataType, String description) {
        return new ParamDefinition().name(name).type(RestParamType.query).dataType(dataType).required(false)
                .description(description);
    }

    static ParamDefinition limit() {
        return query("limit", "integer", "Items per page, 1-" + Page.MAX_LIMIT + " (default " + Page.DEFAULT_LIMIT + ")");
    }

    static ParamDefinition cursor() {
        return query("cursor", "string", "The next of the previous page, to read the page after it");
    }

    /** A success answer; model is null when it has no body. */
    static ResponseMessageDefinition answer(int code, String message, Class<?> model) {
        ResponseMessageDefinition answer = new ResponseMessageDefinition().code(code).message(message);
        if (model != null) {
            answer.contentType("application/json");
            model(answer, model);
        }
        return answer;
    }

    static ResponseMessageDefinition problem(int code, String when) {
        ResponseMessageDefinition problem = new ResponseMessageDefinition().code(code).message(when)
                .contentType(Problem.MEDIA_TYPE);
        model(problem, Problem.class);
        return problem;
    }

    /** responseModel(Class) keeps the canonical name, which the document's reader cannot load for a nested class. */
    private static void model(ResponseMessageDefinition response, Class<?> model) {
        response.setResponseModel(model.getName());
    }

    /** Describes every verb's path parameters and adds the problems it can answer that it does not name itself. */
    static void complete(List<RestDefinition> rests) {
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                // the operationId is the id of the route the verb hands over to
                if (verb.getId() == null && verb.getTo() != null) {
                    verb.setId(verb.getTo().getUri().substring(verb.getTo().getUri().indexOf(':') + 1));
                }
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                List<String> parameters = pathParameters(path);
                parameters.forEach(name -> verb.getParams().add(new ParamDefinition().name(name).type(RestParamType.path)
                        .dataType("string").required(true).description(describe(name, path))));
                List<ResponseMessageDefinition> problems = new ArrayList<>();
                problems.add(problem(400, "Invalid request: the problem's errors name each invalid field"));
                String kafkaOff = path.startsWith("/api/kafka/") ? KAFKA_OFF : null;
                if (!parameters.isEmpty()) {
                    problems.add(problem(404, "No such " + String.join(" or ",
                            parameters.stream().map(name -> noun(name, path)).toList())
                            + (kafkaOff == null ? "" : ", or " + kafkaOff)));
                } else if (kafkaOff != null) {
                    problems.add(problem(404, kafkaOff.substring(0, 1).toUpperCase() + kafkaOff.substring(1)));
                }
                if (verb.getType() != null) {
                    problems.add(problem(413, "The body is over camel.server.maxBodySize"));
                    problems.add(problem(415, "The body is not application/json"));
                }
                problems.add(problem(401, "No valid API key (missing, unknown, revoked or expired)"));
                problems.add(problem(403, "The key's role or queue patterns do not allow this"));
                problems.add(problem(500, "warren failed; see its log"));
                problems.add(problem(503, "The broker or the store is unreachable, or warren is shutting down"));
                problems.stream().filter(p -> verb.getResponseMsgs().stream().noneMatch(r -> r.getCode().equals(p.getCode())))
                        .forEach(verb.getResponseMsgs()::add);
            }
        }
    }

    /** Each verb's query parameters, by the id of the route it hands over to (its operationId). */
    static Map<String, Set<String>> queryParameters(List<RestDefinition> rests) {
        Map<String, Set<String>> parameters = new HashMap<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                parameters.put(verb.getId(), verb.getParams().stream().filter(p -> p.getType() == RestParamType.query)
                        .map(ParamDefinition::getName).collect(Collectors.toCollection(LinkedHashSet::new)));
            }
        }
        return parameters;
    }

    private static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String describe(String name, String path) {
        if (name.equals("id") && path.startsWith("/api/keys")) {
            return "An API key's id (k_ and 12 hex digits)";
        }
        if (name.equals("id")) {
            return path.contains("/subscribers/") ? "A subscriber of the topic" : "A job: the task's id";
        }
        if (name.equals("topic") && path.startsWith("/api/kafka/")) {
            return "A Kafka topic: " + dev.warren.kafka.KafkaNames.TOPIC_RULE;
        }
        return PATH_PARAMETERS.getOrDefault(name, name);
    }

    private static String noun(String name, String path) {
        return !name.equals("id") ? name : path.startsWith("/api/keys") ? "key" : path.contains("/subscribers/") ? "subscriber" : "job";
    }
}
