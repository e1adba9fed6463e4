package dev.warren.workers;

import dev.warren.common.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a group may pass in "parameters": only the parameters its type's template declares (not those warren sets
 * itself), each an inert token. A template substitutes a value as text anywhere in a route (an endpoint URI, an
 * expression), so a value must not be able to say anything to Camel: no scheme, option, placeholder or expression.
 */
public final class ParameterRules {

    public static final String VALUE_RULE = "1-200 characters of A-Z a-z 0-9 . _ - (no '..')";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** A parameter of this name is the scheme of a URL warren builds (the scraper's pages). */
    static final String SCHEME = "scheme";

    private ParameterRules() {
    }

    /** The errors of a group's parameters for this type, each naming its field "parameters.{name}". */
    public static List<FieldError> errors(Map<String, String> parameters, WorkerTypes.WorkerType type) {
        List<FieldError> errors = new ArrayList<>();
        if (parameters == null) {
            return errors;
        }
        List<String> declared = type.parameters().stream().map(WorkerTypes.Parameter::name)
                .filter(name -> !WorkerGroupConfig.RESERVED_PARAMETERS.contains(name)).toList();
        parameters.forEach((name, value) -> {
            String field = "parameters." + name;
            if (WorkerGroupConfig.RESERVED_PARAMETERS.contains(name)) {
                errors.add(new FieldError(field, "is set by warren itself; a group may set " + declared));
            } else if (type.parameter(name).isEmpty()) {
                errors.add(new FieldError(field, "is not a parameter of worker type '" + type.name() + "'; it takes "
                        + declared));
            } else {
                valueViolation(name, value).ifPresent(rule -> errors.add(new FieldError(field, rule)));
            }
        });
        return errors;
    }

    /** Why this value cannot be given to the parameter, or empty when it can. */
    static java.util.Optional<String> valueViolation(String name, String value) {
        if (value == null || !VALUE.matcher(value).matches() || value.contains("..")) {
            return java.util.Optional.of("must be " + VALUE_RULE);
        }
        if (SCHEME.equals(name) && !value.equalsIgnoreCase("http") && !value.equalsIgnoreCase("https")) {
            return java.util.Optional.of("must be http or https");
        }
        return java.util.Optional.empty();
    }
}
