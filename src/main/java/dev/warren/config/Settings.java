package dev.warren.config;

import org.apache.camel.CamelContext;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * warren's settings by key, as Camel resolves them (-D, then the environment variable, then a {@code <key>-file}, then
 * application.properties; an empty value counts as not given), each checked for its form: a value that does not fit stops start-up with an error naming
 * the key, the value and the form expected. Only numbers, flags, durations and choices are quoted back, never text
 * (which may be a secret).
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;

    /** Settings looked up by this function (key → value, empty when unset). */
    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The settings of this Camel context. */
    public static Settings of(CamelContext context) {
        return new Settings(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /**
     * A setting that may be absent or empty. An empty value given directly (-D, an environment variable left empty by a
     * compose file) counts as not given: a {@code <key>-file} then still gives the value.
     */
    public Optional<String> optional(String key) {
        Optional<String> value = lookup.apply(key).filter(v -> !v.isBlank());
        return value.isPresent() ? value : CredentialFiles.fromFile(key, lookup);
    }

    /**
     * A setting that may be absent and is one line when given (a key: a second line in its file would silently be part
     * of it). Its value is not quoted back.
     */
    public Optional<String> oneLine(String key) {
        Optional<String> value = optional(key);
        if (value.isPresent() && (value.get().indexOf('\n') >= 0 || value.get().indexOf('\r') >= 0)) {
            throw new Invalid(optional(key + CredentialFiles.SUFFIX).isPresent()
                    ? key + ": the content of " + key + CredentialFiles.SUFFIX + " is more than one line"
                    : key + " is more than one line");
        }
        return value;
    }

    /** A setting that must be given (not empty). */
    public String text(String key) {
        return optional(key).orElseThrow(() -> new Invalid(key + (lookup.apply(key).isPresent() ? " is empty" : " is not set")));
    }

    /**
     * An absolute URI of one of these schemes with a host (and a port from 1 to 65535, when it names one). Its text is
     * never quoted back: it may hold a password.
     */
    public java.net.URI uri(String key, List<String> schemes) {
        String value = text(key).trim();
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
                    && uri.getHost() != null && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65535)) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw new Invalid(key + " is not a URI such as " + schemes.get(0) + "://user:password@host:port (with a host name,"
                + " and a port number when it names one; the value is not repeated, as it may hold a password)");
    }

    /** A whole number of at least {@code min}. */
    public long number(String key, long min) {
        String value = text(key).trim();
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number");
        }
        if (number < min) {
            throw invalid(key, value, "a whole number of at least " + min);
        }
        return number;
    }

    /** A whole number of at least {@code min} that fits an int. */
    public int integer(String key, int min) {
        long number = number(key, min);
        if (number > Integer.MAX_VALUE) {
            throw invalid(key, String.valueOf(number), "a whole number of at most " + Integer.MAX_VALUE);
        }
        return (int) number;
    }

    /** A TCP port, 1 to 65535. */
    public int port(String key) {
        String value = text(key).trim();
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below, as an out-of-range port is
        }
        throw invalid(key, value, "a port number from 1 to 65535");
    }

    /** {@code true} or {@code false} (in any case). */
    public boolean flag(String key) {
        String value = text(key).trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, value, "true or false");
    }

    /** A positive ISO-8601 duration (P7D, PT30S). */
    public Duration duration(String key) {
        String value = text(key).trim();
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(key, value, "an ISO-8601 duration such as P7D or PT30S");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(key, value, "a positive ISO-8601 duration such as P7D or PT30S");
        }
        return duration;
    }

    /** One of these words, exactly as written here. */
    public String oneOf(String key, List<String> choices) {
        String value = text(key).trim();
        if (!choices.contains(value)) {
            throw invalid(key, value, "one of " + String.join(", ", choices));
        }
        return value;
    }

    private Invalid invalid(String key, String value, String form) {
        if (optional(key + "-file").isPresent()) {
            // a file is where secrets come from: its content is not repeated
            return new Invalid(key + ": the content of " + key + "-file is not " + form);
        }
        return new Invalid(key + ": '" + value + "' is not " + form);
    }

    /** A setting that is missing or not of its form: start-up stops with this message. */
    public static final class Invalid extends IllegalStateException {

        public Invalid(String message) {
            super(message);
        }

        /** This exception, or the one among its causes, when a setting is what failed. */
        public static Optional<Invalid> in(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof Invalid invalid) {
                    return Optional.of(invalid);
                }
            }
            return Optional.empty();
        }
    }
}
