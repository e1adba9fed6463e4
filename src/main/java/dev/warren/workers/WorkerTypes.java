package dev.warren.workers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The worker types: the route templates loaded from routes/, the parameters each takes, and load errors. */
public final class WorkerTypes {

    private static final String PREPARE_HTTP_CALL = "prepareHttpCall";

    /** A parameter of a worker type's template. */
    public record Parameter(String name, boolean required, @JsonProperty("default") String defaultValue) {
    }

    /**
     * A worker type: its template id, file, parameters, the error of its file's last change or of its being
     * defined in several files (or null), and the groups that could not take its latest definition.
     */
    public record WorkerType(String name, String file, List<Parameter> parameters, String error,
                             List<TypeChangeRefusals.GroupRefusal> notTakenBy) {

        public WorkerType(String name, String file, List<Parameter> parameters, String error) {
            this(name, file, parameters, error, List.of());
        }

        public Optional<Parameter> parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    private final CamelContext context;
    private final RouteFiles files;
    private final TypeChangeRefusals refusals = new TypeChangeRefusals();

    public WorkerTypes(CamelContext context, RouteFiles files) {
        this.context = context;
        this.files = files;
    }

    /** Runs the action while no file of routes/ loads (it must not wait long: it holds up every change of routes/). */
    public void whileUnchanged(Runnable action) {
        files.whileUnchanged(action);
    }

    /** The groups that could not take their type's latest definition (kept by the groups, shown by the types). */
    TypeChangeRefusals refusals() {
        return refusals;
    }

    /**
     * Every loaded type, plus one entry per file that holds no type because it failed to load: named after the file
     * without ".yaml", or with it when a loaded type has that name (a file refused because another holds its type).
     */
    public List<WorkerType> all() {
        List<WorkerType> types = new ArrayList<>(model().getRouteTemplateDefinitions().stream().map(this::toType).toList());
        java.util.Set<String> loaded = types.stream().map(WorkerType::name).collect(java.util.stream.Collectors.toSet());
        files.files().stream()
                .filter(f -> f.error() != null && f.templates().isEmpty())
                .forEach(f -> {
                    String stem = f.file().replaceFirst("\\.yaml$", "");
                    types.add(new WorkerType(loaded.contains(stem) ? f.file() : stem, files.path(f.file()), List.of(),
                            f.error()));
                });
        types.sort(Comparator.comparing(WorkerType::name));
        return types;
    }

    public Optional<WorkerType> find(String name) {
        return Optional.ofNullable(model().getRouteTemplateDefinition(name)).map(this::toType);
    }

    /**
     * The parameters a route of this type is made with: those warren sets ({@code offered}: queue, consumers,
     * prefetch, target) and the group's own. A type that requires one warren cannot give is a 400, and so are
     * "parameters" the type does not declare, that warren sets itself, or whose values are not inert (checked on
     * every path that makes a route, so that a group stored before these rules is not restored with such values).
     */
    public Map<String, Object> templateParameters(String typeName, Map<String, String> given, Map<String, Object> offeredByWarren) {
        WorkerType type = find(typeName).orElseThrow(() -> ProblemException.invalid("type",
                "unknown worker type '" + typeName + "'; known: " + all().stream()
                        .filter(t -> t.error() == null).map(WorkerType::name).toList()));
        if (type.error() != null) {
            throw ProblemException.invalid("type", "worker type '" + type.name() + "' is broken (" + type.file() + "): "
                    + type.error());
        }
        List<FieldError> parameterErrors = ParameterRules.errors(given, type);
        if (!parameterErrors.isEmpty()) {
            throw ProblemException.invalid(parameterErrors);
        }
        Map<String, Object> offered = new LinkedHashMap<>(given == null ? Map.of() : given);
        offered.putAll(offeredByWarren);
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Parameter parameter : type.parameters()) {
            Object value = offered.get(parameter.name());
            if (value != null) {
                parameters.put(parameter.name(), value);
            } else if (parameter.required() && parameter.name().equals("targetUrl")) {
                throw ProblemException.invalid("type", "worker type '" + type.name() + "' requires 'targetUrl', which"
                        + " warren does not give: a target's URL is message data (the CamelHttpUri header that"
                        + " worker.prepareHttpCall sets), never route text");
            } else if (parameter.required()) {
                throw ProblemException.invalid(parameter.name().startsWith("target") ? "target.url" : parameter.name(),
                        "worker type '" + type.name() + "' needs " + describe(parameter.name()));
            }
        }
        return parameters;
    }

    /**
     * The error of a new group's target when its type takes none: it would be shown in the group's view but never
     * used. Empty for an unknown type, whose refusal comes with the group's other checks. Only a new spec is checked,
     * so that a group stored with such a target before still comes back.
     */
    public Optional<FieldError> targetError(String typeName, boolean hasTarget) {
        if (!hasTarget || typeName == null) {
            return Optional.empty();
        }
        RouteTemplateDefinition template = model().getRouteTemplateDefinition(typeName);
        if (template == null || takesTarget(template)) {
            return Optional.empty();
        }
        return Optional.of(new FieldError("target", "type " + typeName + " takes no target"));
    }

    /**
     * Whether a type's routes reach the group's target: its template declares the parameter "target" (or the old
     * "targetUrl", refused later with its own reason), or calls worker.prepareHttpCall, which puts the target's URL
     * and headers on the message, from a bean step or a "bean:" endpoint. A type that reaches it in another way (its
     * own processor reading the group) cannot be seen here; no shipped or documented type does.
     */
    static boolean takesTarget(RouteTemplateDefinition template) {
        if (template.getTemplateParameters() != null && template.getTemplateParameters().stream()
                .anyMatch(p -> p.getName().equals("target") || p.getName().equals("targetUrl"))) {
            return true;
        }
        if (template.getRoute() == null) {
            return false;
        }
        List<org.apache.camel.model.ProcessorDefinition<?>> outputs = template.getRoute().getOutputs();
        return org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(outputs,
                        org.apache.camel.model.BeanDefinition.class).stream()
                .anyMatch(bean -> PREPARE_HTTP_CALL.equals(bean.getMethod()))
                || org.apache.camel.model.ProcessorDefinitionHelper.filterTypeInOutputs(outputs,
                        org.apache.camel.model.SendDefinition.class).stream()
                .anyMatch(to -> to.getUri() != null && to.getUri().startsWith("bean:")
                        && to.getUri().contains(PREPARE_HTTP_CALL));
    }

    private static String describe(String parameter) {
        return parameter.startsWith("target")
                ? "a target: set \"target\": {\"url\": \"https://...\"} in the worker group"
                : "the template parameter '" + parameter + "'";
    }

    private Model model() {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private WorkerType toType(RouteTemplateDefinition template) {
        List<RouteTemplateParameterDefinition> parameters = template.getTemplateParameters();
        Optional<RouteFiles.FileState> file = files.fileOf(template.getId());
        List<String> errors = new ArrayList<>();
        file.map(RouteFiles.FileState::error).ifPresent(errors::add);
        files.duplicateError(template.getId()).ifPresent(errors::add);
        return new WorkerType(template.getId(), file.map(f -> files.path(f.file())).orElse(null),
                parameters == null ? List.of() : parameters.stream()
                        .map(p -> new Parameter(p.getName(), p.isRequired() && p.getDefaultValue() == null, p.getDefaultValue()))
                        .toList(),
                errors.isEmpty() ? null : String.join("; ", errors), refusals.ofType(template.getId()));
    }
}
