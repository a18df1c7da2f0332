package io.docchat.chat.system;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a JSON body in the words a caller needs: which field is unknown (and which are
 * known), which field has the wrong type, or that the text is not JSON. The same wording as the search API's
 * own parser, so every JSON endpoint reads alike.
 */
final class BodyErrors {

    private static final int MAX_ECHO = 80;

    private BodyErrors() {
    }

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : "; known: "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
            return "unknown field '" + path(u, u.getPropertyName()) + "'" + known;
        }
        if (cause instanceof MismatchedInputException m) {
            String field = path(m, null);
            if (field.isEmpty()) {
                return "body must be a JSON object";
            }
            String type = m.getTargetType() != null ? m.getTargetType().getSimpleName() : "another type";
            return "'" + field + "' must be " + article(type);
        }
        if (cause instanceof StreamReadException s) {
            return "body is not valid JSON: " + clip(s.getOriginalMessage());
        }
        if (cause instanceof JacksonException j && !j.getPath().isEmpty()) {
            return "'" + path(j, null) + "' is invalid: " + clip(j.getOriginalMessage());
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "a JSON body is required";
        }
        return "the request body is not readable as JSON";
    }

    /** The dotted path to the failing field, e.g. {@code filters.source}, or {@code ""} for the whole body. */
    private static String path(JacksonException e, String leaf) {
        String p = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (leaf != null && !p.endsWith(leaf)) {
            p = p.isEmpty() ? leaf : p + "." + leaf;
        }
        return p;
    }

    static String article(String type) {
        return switch (type) {
            case "String" -> "a string";
            case "UUID" -> "a UUID";
            case "int", "Integer", "long", "Long" -> "an integer";
            case "List", "Set", "Collection" -> "an array";
            case "LocalDate" -> "a date (YYYY-MM-DD)";
            default -> Character.isUpperCase(type.charAt(0)) && !type.endsWith("s") ? "an object (" + type + ")" : "a " + type;
        };
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_ECHO ? printable : printable.substring(0, MAX_ECHO) + "...";
    }
}
