package dev.warren.workers;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The worker types: the route templates loaded from routes/, the parameters each takes, and load errors. */
public final class WorkerTypes {

    /** A parameter of a worker type's template. */
    public record Parameter(String name, boolean required, @JsonProperty("default") String defaultValue) {
    }

    /** A worker type: its template id, file, parameters, and the error of its file's last change (or null). */
    public record WorkerType(String name, String file, List<Parameter> parameters, String error) {

        public Optional<Parameter> parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    private final CamelContext context;
    private final RouteFiles files;

    public WorkerTypes(CamelContext context, RouteFiles files) {
        this.context = context;
        this.files = files;
    }

    /** Every loaded type, plus one entry per file that holds no type because it failed to load. */
    public List<WorkerType> all() {
        List<WorkerType> types = new ArrayList<>(model().getRouteTemplateDefinitions().stream().map(this::toType).toList());
        files.files().stream()
                .filter(f -> f.error() != null && f.templates().isEmpty())
                .forEach(f -> types.add(new WorkerType(f.file().replaceFirst("\\.yaml$", ""), "routes/" + f.file(),
                        List.of(), f.error())));
        types.sort(Comparator.comparing(WorkerType::name));
        return types;
    }

    public Optional<WorkerType> find(String name) {
        return Optional.ofNullable(model().getRouteTemplateDefinition(name)).map(this::toType);
    }

    private Model model() {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private WorkerType toType(RouteTemplateDefinition template) {
        List<RouteTemplateParameterDefinition> parameters = template.getTemplateParameters();
        Optional<RouteFiles.FileState> file = files.fileOf(template.getId());
        return new WorkerType(template.getId(), file.map(f -> "routes/" + f.file()).orElse(null),
                parameters == null ? List.of() : parameters.stream()
                        .map(p -> new Parameter(p.getName(), p.isRequired() && p.getDefaultValue() == null, p.getDefaultValue()))
                        .toList(),
                file.map(RouteFiles.FileState::error).orElse(null));
    }
}
