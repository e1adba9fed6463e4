package dev.warren.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a payload is, from its bytes and the content type and encoding it was published with: how a delivery labels
 * it, and how the job view shows it (JSON as JSON, other text as a string, anything else in base64).
 */
public final class Payloads {

    public static final String OCTET_STREAM = "application/octet-stream";
    /** type/subtype, optionally followed by parameters: what an HTTP client accepts as Content-Type. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"]*\"|[^;\\s\"]*))*\\s*");

    /** How the job view shows a payload: {@code payloadEncoding} names which of the three {@code payload} is. */
    public record View(JsonNode payload, String contentType, String payloadEncoding) {
        public static final String JSON = "json";
        public static final String TEXT = "text";
        public static final String BASE64 = "base64";
    }

    private Payloads() {
    }

    /** The Content-Type a delivery of these bytes carries: the published one, or from the bytes when none was set. */
    public static String deliveredContentType(String contentType, String contentEncoding, byte[] body) {
        if (contentType == null || contentType.isBlank()) {
            return json(body).isPresent() ? "application/json" : OCTET_STREAM;
        }
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            // not a media type an HTTP client can send: the bytes still go out, as bytes
            return OCTET_STREAM;
        }
        Optional<Charset> charset = charset(contentEncoding);
        boolean text = contentType.toLowerCase(Locale.ROOT).startsWith("text/");
        if (text && charset.isPresent() && !contentType.toLowerCase(Locale.ROOT).contains("charset=")) {
            return contentType.trim() + "; charset=" + charset.get().name();
        }
        return contentType.trim();
    }

    /** The payload as the job view shows it. */
    public static View view(byte[] body, String contentType, String contentEncoding) {
        if (contentType == null || isJsonType(contentType)) {
            Optional<JsonNode> json = json(body);
            if (json.isPresent()) {
                return new View(json.get(), contentType, View.JSON);
            }
        }
        Optional<String> text = text(body, charset(contentEncoding).orElse(StandardCharsets.UTF_8));
        return text.map(t -> new View(Json.MAPPER.getNodeFactory().textNode(t), contentType, View.TEXT))
                .orElseGet(() -> new View(Json.MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString(body)),
                        contentType, View.BASE64));
    }

    /**
     * The text payload search looks in: a payload without a content type, or of a text or JSON type, that is valid
     * UTF-8; empty for anything else (binary payloads are never searched). The same rule as the store's
     * warren_payload_text on PostgreSQL (migration V20).
     */
    public static Optional<String> searchableText(byte[] body, String contentType) {
        if (body == null) {
            return Optional.empty();
        }
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("text/") && !isJsonType(contentType)) {
            return Optional.empty();
        }
        return text(body, StandardCharsets.UTF_8);
    }

    /** application/json, or any type ending in +json. */
    static boolean isJsonType(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** The bytes as one JSON value (nothing before or after it), or empty. */
    static Optional<JsonNode> json(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.readExact(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The charset an AMQP content encoding names ("UTF-8" as Spring AMQP sets it), or empty for "gzip" and the like. */
    static Optional<Charset> charset(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(contentEncoding.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(byte[] body, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
