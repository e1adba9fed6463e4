package dev.warren.workers;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

import java.util.List;
import java.util.Optional;

/** The worker types: the route templates loaded from routes/, and the parameters each one takes. */
public final class WorkerTypes {

    /** A parameter of a worker type's template. */
    public record Parameter(String name, boolean required, String defaultValue) {
    }

    /** A worker type: its template id and parameters. */
    public record WorkerType(String name, List<Parameter> parameters) {

        public Optional<Parameter> parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    private final CamelContext context;

    public WorkerTypes(CamelContext context) {
        this.context = context;
    }

    public List<WorkerType> all() {
        return model().getRouteTemplateDefinitions().stream().map(WorkerTypes::toType).toList();
    }

    public Optional<WorkerType> find(String name) {
        return Optional.ofNullable(model().getRouteTemplateDefinition(name)).map(WorkerTypes::toType);
    }

    private Model model() {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static WorkerType toType(RouteTemplateDefinition template) {
        List<RouteTemplateParameterDefinition> parameters = template.getTemplateParameters();
        return new WorkerType(template.getId(), parameters == null ? List.of() : parameters.stream()
                .map(p -> new Parameter(p.getName(), p.isRequired() && p.getDefaultValue() == null, p.getDefaultValue()))
                .toList());
    }
}
