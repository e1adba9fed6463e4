package dev.warren.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.warren.common.Json;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fields warren's JSON mapper writes as null when the record leaves them null, by schema (a class's simple name,
 * as the OpenAPI document names it): read from the records themselves, so a new field is covered without a list.
 */
final class NullableFields {

    private static final Set<JsonInclude.Include> WRITES_NULL = Set.of(JsonInclude.Include.ALWAYS,
            JsonInclude.Include.USE_DEFAULTS);

    private NullableFields() {
    }

    /** The fields of these classes and of every warren class their fields hold (lists, maps, arrays included). */
    static Map<String, Set<String>> of(Collection<Class<?>> roots) {
        Map<String, Set<String>> nullable = new TreeMap<>();
        roots.forEach(root -> walk(Json.MAPPER.constructType(root), nullable));
        return nullable;
    }

    private static void walk(JavaType type, Map<String, Set<String>> nullable) {
        if (type.isContainerType()) {
            walk(type.getContentType(), nullable);
            return;
        }
        Class<?> raw = type.getRawClass();
        if (!raw.getName().startsWith("dev.warren.") || raw.isEnum() || nullable.containsKey(raw.getSimpleName())) {
            return;
        }
        Set<String> fields = new TreeSet<>();
        nullable.put(raw.getSimpleName(), fields);
        SerializationConfig config = Json.MAPPER.getSerializationConfig();
        BeanDescription bean = config.introspect(type);
        JsonInclude.Value classInclusion = bean.findPropertyInclusion(config.getDefaultPropertyInclusion(raw));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (!property.couldSerialize()) {
                continue;
            }
            JavaType fieldType = property.getPrimaryType();
            JsonInclude.Value inclusion = classInclusion.withOverrides(property.findInclusion());
            if (!fieldType.isPrimitive() && WRITES_NULL.contains(inclusion.getValueInclusion())) {
                fields.add(property.getName());
            }
            walk(fieldType, nullable);
        }
    }
}
