package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/** The HTTP edge of every API route: checks the request's content type, writes answers and problems. */
public final class HttpBoundary {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBoundary.class);
    private static final String JSON = "application/json";
    /** What a 503 (warren starting or stopping, the broker or the store unavailable) tells a client to wait. */
    static final String RETRY_AFTER_SECONDS = "5";

    private HttpBoundary() {
    }

    /**
     * Readies a request for its operation: its query parameters are taken from the query string only (a request
     * header of the same name must not pose as one; an undeclared or repeated one is a 400), and a request with a
     * body must say it is JSON in UTF-8 (415 otherwise). Leaves the body as bytes, or null when empty.
     */
    public static void prepareRequest(Exchange exchange, QueryParameters parameters) {
        Message in = exchange.getMessage();
        // Camel puts request headers and path/query parameters side by side; a parameter comes last and wins
        in.getHeaders().replaceAll((name, value) -> value instanceof java.util.List<?> list && !list.isEmpty()
                ? list.get(list.size() - 1) : value);
        Map<String, String> query = parameters.read(in.getHeader(Exchange.HTTP_QUERY, String.class));
        parameters.names().forEach(name -> {
            if (query.containsKey(name)) {
                in.setHeader(name, query.get(name));
            } else {
                in.removeHeader(name);
            }
        });
        Object body = in.getBody();
        // a form content type makes the HTTP server parse the body into a map
        byte[] bytes = body instanceof java.util.Map<?, ?> ? null : in.getBody(byte[].class);
        boolean hasBody = body instanceof java.util.Map<?, ?> form ? !form.isEmpty() : hasBytes(bytes);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (hasBody && !isJson(contentType)) {
            throw ProblemException.unsupportedMediaType("Send the body as " + JSON
                    + (contentType == null ? " (the request has no Content-Type)" : ", not " + contentType));
        }
        String charset = hasBody ? charset(contentType) : null;
        if (charset != null && !isUtf8(charset)) {
            // read as UTF-8 anyway, its text would change (a task's payload among it): refused, nothing altered
            throw ProblemException.unsupportedMediaType("Send the body in UTF-8 (charset=utf-8, or no charset), not "
                    + "charset=" + charset);
        }
        in.setBody(hasBody ? bytes : null);
    }

    /**
     * As {@link #prepareRequest}, for an operation that takes no body: a body that is sent anyway must still be JSON
     * (a malformed one is a 400 and the operation does not run); it is then ignored.
     */
    public static void prepareBodilessRequest(Exchange exchange, QueryParameters parameters) {
        prepareRequest(exchange, parameters);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null) {
            try {
                Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw ProblemException.badRequest("Malformed JSON body (this operation takes none; send no body or "
                        + "valid JSON)");
            }
            exchange.getMessage().setBody(null);
        }
    }

    private static boolean hasBytes(byte[] body) {
        return body != null && body.length > 0;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals(JSON) || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** The charset parameter of a content type, unquoted, or null when it has none. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String value = parameter[1].trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** Whether a charset name is UTF-8 (JSON's own encoding, RFC 8259), the only one a body is read in. */
    static boolean isUtf8(String charset) {
        return charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }

    /** Writes the operation's ApiResponse as the HTTP answer. */
    public static void writeResponse(Exchange exchange) {
        ApiResponse response = exchange.getMessage().getBody(ApiResponse.class);
        write(exchange, response.status(), JSON, response.body());
        response.headers().forEach(exchange.getMessage()::setHeader);
    }

    /** Writes the problem of the exception that ended the route; unexpected ones are logged, never shown. */
    public static void writeProblem(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = toProblem(caught);
        if (problem.status() >= 500) {
            LOG.warn("{} {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), problem.detail(),
                    problem.status() == 500 ? caught : null);
        }
        write(exchange, problem.status(), Problem.MEDIA_TYPE, problem);
        String retryAfter = problem.status() == 503 ? RETRY_AFTER_SECONDS : retryAfter(caught);
        if (retryAfter != null) {
            exchange.getMessage().setHeader("Retry-After", retryAfter);
        }
    }

    /** The Retry-After the ProblemException that ended the request asks for, or null. */
    static String retryAfter(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.retryAfterSeconds();
            }
        }
        return null;
    }

    static Problem toProblem(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.problem();
            }
            if (t instanceof org.springframework.amqp.AmqpException e) {
                return dev.warren.broker.BrokerErrors.toProblem(e, "The request").problem();
            }
        }
        return Problem.of(500, "Internal Server Error", "warren failed to handle the request; see its log");
    }

    private static void write(Exchange exchange, int status, String contentType, Object body) {
        Message out = exchange.getMessage();
        // request headers would otherwise be echoed back as response headers
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (body == null) {
            out.setBody(null);
            return;
        }
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        out.setBody(Json.write(body));
    }
}
