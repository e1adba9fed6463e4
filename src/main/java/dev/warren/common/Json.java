package dev.warren.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.stream.Collectors;

/** The one JSON mapper of warren, and the reading of request bodies into records with 400s that say what is wrong. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads request bodies strictly: a number must be a JSON number of the field's kind (no "100", no 1.9 for a whole
     * number, no 1e309), a string a JSON string, and no object may name a field twice (which of two "id"s counts
     * would depend on the parser: a proxy in front of warren may take the first). Numbers of payloads (JsonNode) are
     * kept as written (1e309 stays 1E+309, not Infinity; 1.50 stays 1.50).
     */
    private static final ObjectMapper REQUESTS = strict(com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("finite-numbers")
                    .addDeserializer(Double.class, new FiniteDouble())
                    .addDeserializer(java.time.Instant.class, new IsoInstant()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** Stored JSON was accepted before (or published around warren): it is still read, a repeated name by its last value. */
    private static final ObjectMapper STORED = REQUESTS.copy()
            .configure(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION, false);

    private static ObjectMapper strict(ObjectMapper mapper) {
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private static final String WHOLE_NUMBER = "must be a whole number (a JSON number without fraction or exponent, in range)";

    private Json() {
    }

    /** Reads a request body; an empty body, malformed JSON or a field of the wrong type is a 400. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("A JSON request body is required");
        }
        try {
            T value = REQUESTS.readValue(body, type);
            if (value == null) {
                throw ProblemException.badRequest("The request body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.invalid(path(e), "unknown field; allowed: " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
                throw ProblemException.invalid(path(e), WHOLE_NUMBER);
            }
            if (e.getCause() instanceof JacksonException cause && !(cause instanceof JsonMappingException)) {
                throw malformed(cause);
            }
            throw ProblemException.invalid(path(e), expected(e));
        } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
            // valid JSON whose number does not fit the field: the field is named, as for any other wrong value
            throw ProblemException.invalid(path(e), WHOLE_NUMBER);
        } catch (JacksonException e) {
            throw malformed(e);
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("Unreadable request body: " + e.getMessage());
        }
    }

    /** A Double field takes a JSON number that fits a double: 1e309 is refused rather than read as Infinity. */
    private static final class FiniteDouble extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Double> {
        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public Double deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws java.io.IOException {
            if (!p.currentToken().isNumeric()) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            double value = p.getDoubleValue();
            if (!Double.isFinite(value)) {
                throw com.fasterxml.jackson.databind.exc.MismatchedInputException.from(p, Double.class, "not a finite number");
            }
            return value;
        }
    }

    /** A time is an ISO-8601 string: 1893456000 would otherwise be read as seconds since 1970, which no doc says. */
    private static final class IsoInstant extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<java.time.Instant> {
        IsoInstant() {
            super(java.time.Instant.class);
        }

        @Override
        public java.time.Instant deserialize(com.fasterxml.jackson.core.JsonParser p,
                com.fasterxml.jackson.databind.DeserializationContext ctxt) throws java.io.IOException {
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                return (java.time.Instant) ctxt.handleUnexpectedToken(java.time.Instant.class, p);
            }
            return com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    /**
     * Reads stored JSON (a payload) as a tree that keeps its numbers as written, like request payloads: 1E+400 stays
     * 1E+400 (not Infinity), 0.1000000000000000055511151231257827 keeps its digits, 1.50 stays 1.50.
     */
    public static JsonNode readExact(byte[] json) throws java.io.IOException {
        return STORED.readTree(json);
    }

    /** What the field should have been, in JSON's terms: Jackson's own message names Java types and its options. */
    static String expected(JsonMappingException e) {
        Class<?> type = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "has a value that cannot be read";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == java.math.BigInteger.class) {
            return WHOLE_NUMBER;
        }
        if (type == Double.class || type == double.class || type == Float.class || type == java.math.BigDecimal.class) {
            return "must be a finite JSON number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a JSON string";
        }
        if (type == java.time.Instant.class) {
            return "must be an ISO-8601 time with its offset, like \"2030-01-01T00:00:00Z\"";
        }
        if (type.isEnum()) {
            return "must be one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a JSON array";
        }
        return "must be a JSON object";
    }

    private static ProblemException malformed(JacksonException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return ProblemException.badRequest("Malformed JSON" + where + ": " + e.getOriginalMessage().split(" \\(")[0]);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The field a number out of its type's range was read for, from where the parser stood. */
    private static String path(com.fasterxml.jackson.core.exc.InputCoercionException e) {
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        if (e.getProcessor() != null) {
            for (var at = e.getProcessor().getParsingContext(); at != null && !at.inRoot(); at = at.getParent()) {
                names.addFirst(at.inArray() ? "[" + at.getCurrentIndex() + "]" : at.getCurrentName());
            }
        }
        String path = String.join(".", names).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
