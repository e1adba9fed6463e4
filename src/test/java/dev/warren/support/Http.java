package dev.warren.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for warren's API in tests; it sends RunningWarren.ADMIN_KEY as a Bearer key unless told otherwise. */
public final class Http {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient client;
    private final String base;
    /** The whole Authorization header sent; null sends none. */
    private final String authorization;

    public Http(String base) {
        this(base, null);
    }

    /** A client for an https base that trusts what this TLS context trusts (host names are verified). */
    public Http(String base, javax.net.ssl.SSLContext tls) {
        this(base, tls == null ? CLIENT
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build(),
                "Bearer " + RunningWarren.ADMIN_KEY);
    }

    private Http(String base, HttpClient client, String authorization) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
    }

    /** The same server, called with this key as a Bearer key. */
    public Http withKey(String key) {
        return new Http(base, client, "Bearer " + key);
    }

    /** The same server, called with this key as the password of HTTP Basic (user "any"). */
    public Http withBasicKey(String key) {
        return new Http(base, client, "Basic " + java.util.Base64.getEncoder().encodeToString(("any:" + key)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The same server, called without any key. */
    public Http withoutKey() {
        return new Http(base, client, null);
    }

    /** An answer: status, headers and the body parsed as JSON (null when empty or not JSON). */
    public record Response(int status, String contentType, String location, String body, JsonNode json,
                           java.util.Map<String, java.util.List<String>> headers) {

        public Response(int status, String contentType, String location, String body, JsonNode json) {
            this(status, contentType, location, body, json, java.util.Map.of());
        }

        public String text(String field) {
            return json.path(field).asText();
        }

        /** The first value of this header (any case), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path) {
        return send("POST", path, null, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    public Response send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, java.util.Map.of());
    }

    /** A request with extra HTTP headers. */
    public Response send(String method, String path, String body, String contentType, java.util.Map<String, String> headers) {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                contentType, headers);
    }

    /** A request whose body is these bytes, whatever the Content-Type says of them. */
    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        return send(method, path, HttpRequest.BodyPublishers.ofByteArray(body), contentType, java.util.Map.of());
    }

    private Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType,
                          java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode json = null;
            if (type != null && type.contains("json") && !response.body().isEmpty()) {
                json = MAPPER.readTree(response.body());
            }
            return new Response(response.statusCode(), type, response.headers().firstValue("Location").orElse(null),
                    response.body(), json, response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
