package dev.warren.workers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which template and route ids a file of routes/ may define. Camel replaces a route or template whose id is added
 * again, so a file reusing an id would silently take the place of a worker group's route, one of warren's own routes
 * (the API's) or another file's type; such a file is refused instead, and whoever held the id keeps it.
 */
public final class RouteFileIds {

    /**
     * Prefixes of the routes warren makes while running: worker groups ({@link WorkerRoutes#routeId}), their trial
     * routes, Kafka groups and their steps (KafkaWorkerGroups, KafkaStepRoutes). A file's route of such an id would
     * be replaced by, or replace, a group's route made later.
     */
    static final List<String> RESERVED_PREFIXES = List.of(WorkerRoutes.routeId(""), "trial-", "kafka-worker-",
            "kafka-steps-");

    /** The template and route ids one file defines, in file order (a route without an id is left out). */
    public record Defined(List<String> templates, List<String> routes) {
    }

    private RouteFileIds() {
    }

    /**
     * Why a file defining these ids cannot be loaded, one sentence per id, or an empty list when it can.
     *
     * @param templateHolders each template id loaded now and not by this file, with who holds it
     *                        (e.g. "defined by routes/log.yaml")
     * @param routeHolders    each route id in the Camel context now and not of this file, with who holds it
     */
    public static List<String> refusals(Defined defined, Map<String, String> templateHolders,
                                        Map<String, String> routeHolders) {
        List<String> refusals = new ArrayList<>();
        check("template", defined.templates(), templateHolders, refusals);
        check("route", defined.routes(), routeHolders, refusals);
        return refusals;
    }

    /**
     * The error of a template id that several files define (their paths, in the order to name them), or empty when
     * at most one does. Whichever of them holds it, the type is in error: a group of it is not made from a definition
     * that another file contradicts, and which file came first (by name at start-up, by time later) decides nothing.
     */
    public static java.util.Optional<String> definedInSeveralFiles(String template, List<String> paths) {
        if (paths.size() < 2) {
            return java.util.Optional.empty();
        }
        String files = String.join(", ", paths.subList(0, paths.size() - 1)) + " and " + paths.get(paths.size() - 1);
        return java.util.Optional.of("template id '" + template + "' is defined in " + paths.size() + " files, " + files
                + "; keep it in one of them");
    }

    private static void check(String kind, List<String> ids, Map<String, String> holders, List<String> refusals) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            String reserved = RESERVED_PREFIXES.stream().filter(id::startsWith).findFirst().orElse(null);
            if (reserved != null) {
                refusals.add(kind + " id '" + id + "' starts with '" + reserved + "', which warren reserves for the"
                        + " routes it makes for worker groups");
            } else if (holders.containsKey(id)) {
                refusals.add(kind + " id '" + id + "' is already " + holders.get(id));
            } else if (!seen.add(id)) {
                refusals.add(kind + " id '" + id + "' is defined twice in the file");
            }
        }
    }
}
