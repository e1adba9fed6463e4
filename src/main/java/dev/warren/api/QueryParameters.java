package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.ProblemException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The query parameters one operation declares: read from the query string only, every other one refused. */
record QueryParameters(Set<String> names, boolean strict) {

    /** An operation of the Flask compatibility API: its clients' other query parameters are ignored, as Flask did. */
    static QueryParameters lenient(Set<String> names) {
        return new QueryParameters(names, false);
    }

    static QueryParameters strict(Set<String> names) {
        return new QueryParameters(names, true);
    }

    /**
     * The declared parameters the query gives, decoded. A name given twice, or one the operation does not declare
     * (a misspelt filter would otherwise list everything), is a 400 that names it.
     */
    Map<String, String> read(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (!names.contains(name)) {
                if (strict) {
                    errors.add(new Problem.FieldError(name, "is not a query parameter of this operation"
                            + (names.isEmpty() ? ", which takes none" : "; it takes " + String.join(", ", names))));
                }
            } else if (values.putIfAbsent(name, value) != null) {
                errors.add(new Problem.FieldError(name, "is given more than once"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.stream().distinct().toList());
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("The query string is not valid URL encoding");
        }
    }
}
