package dev.warren.workers;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the YAML files of routes/ one at a time and reloads a file when it changes. A file that does not load
 * (bad YAML, unknown component, a placeholder no parameter declares) is reported and changes nothing: what it
 * held before keeps running. Camel's own reload is not used because it cannot tell which file broke, and its
 * default removes every route. A file is also refused when it defines an id warren reserves or that is already
 * taken (see {@link RouteFileIds}): whoever loaded the id first keeps it. A template id that several files define
 * is in error whichever holds it (see {@link #duplicateError}), so that which file wins never depends on the order
 * of names or changes.
 */
public final class RouteFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    private static final String PROBE_ROUTE = "warren-template-probe";

    /** A file of routes/: the templates and routes it holds, or why its current content was refused. */
    public record FileState(String file, List<String> templates, List<String> routes, String error) {
    }

    private final CamelContext context;
    private final Path directory;
    private volatile Consumer<Set<String>> templatesChanged = templates -> { };
    private final Map<String, FileState> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> seen = new ConcurrentHashMap<>();
    /**
     * Files refused for an id another file or warren held, with the value of idsChanged at their refusal: tried again
     * once a file has been loaded or unloaded since.
     */
    private final Map<String, Long> refusedIds = new ConcurrentHashMap<>();
    /** Counts the loads and unloads of files, which change the ids held. */
    private long idsChanged;
    /** The template ids each refused file's current content defines. */
    private final Map<String, List<String>> refusedTemplates = new ConcurrentHashMap<>();
    private ScheduledExecutorService watcher;

    public RouteFiles(CamelContext context, Path directory) {
        this.context = context;
        this.directory = directory;
    }

    /** Who is told the ids of templates that were (re)loaded, to re-create what was made of them. */
    public void onTemplatesChanged(Consumer<Set<String>> listener) {
        this.templatesChanged = listener;
    }

    /** Unloads vanished files, then loads every new or changed one, then the refused ones whose ids may be free now. */
    public synchronized void scan() {
        Map<String, byte[]> current = new TreeMap<>();
        try (Stream<Path> paths = Files.exists(directory) ? Files.list(directory) : Stream.empty()) {
            for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList()) {
                current.put(path.getFileName().toString(), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", directory, e.getMessage());
            return;
        }
        Set<String> duplicatesBefore = duplicated();
        Set<String> reloaded = new HashSet<>();
        // removals first: a file renamed within one interval frees its ids before its new name is loaded
        for (String file : new ArrayList<>(seen.keySet())) {
            if (!current.containsKey(file)) {
                seen.remove(file);
                unload(file);
            }
        }
        current.forEach((file, content) -> {
            if (!Arrays.equals(content, seen.get(file))) {
                seen.put(file, content);
                reloaded.addAll(load(file, content));
            }
        });
        reloaded.addAll(retryRefused(current));
        // a type no longer defined twice can make its groups again: those that could not be restored meanwhile too
        Set<String> cleared = minus(duplicatesBefore, duplicated());
        cleared.retainAll(templateIds());
        cleared.removeAll(reloaded);
        if (!cleared.isEmpty()) {
            LOG.info("Templates {} are defined in one file again", cleared);
            templatesChanged.accept(cleared);
        }
    }

    /**
     * Loads again each refused file whose refusal is older than the last change of the ids held (a file loaded or
     * unloaded since), until a pass loads none: a file loaded in this scan may free the id that kept another out.
     */
    private Set<String> retryRefused(Map<String, byte[]> current) {
        Set<String> reloaded = new HashSet<>();
        boolean loadedOne = true;
        while (loadedOne) {
            loadedOne = false;
            for (String file : new TreeSet<>(refusedIds.keySet())) {
                Long refusedAt = refusedIds.get(file);
                if (refusedAt != null && refusedAt < idsChanged && current.containsKey(file)) {
                    reloaded.addAll(load(file, current.get(file)));
                    loadedOne |= !refusedIds.containsKey(file);
                }
            }
        }
        return reloaded;
    }

    /** Runs the action between two scans: the templates it reads meanwhile are those of one state of routes/. */
    public synchronized void whileUnchanged(Runnable action) {
        action.run();
    }

    /** Where a file of routes/ is, as warren.routes.directory names it (relative to the working directory or not). */
    public String path(String file) {
        return directory.resolve(file).toString();
    }

    /** Scans every intervalMs from now on, on this scheduler (a single thread of its own); 0 turns watching off. */
    public void watch(ScheduledExecutorService scheduler, long intervalMs) {
        if (intervalMs <= 0) {
            scheduler.shutdown();
            return;
        }
        watcher = scheduler;
        watcher.scheduleWithFixedDelay(this::scanSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    public List<FileState> files() {
        return files.values().stream().sorted(java.util.Comparator.comparing(FileState::file)).toList();
    }

    /**
     * A version of each loaded template: the SHA-256 (first 16 hex digits) of the file it was loaded from, so
     * instances can tell whether their routes/ define a type alike.
     */
    public Map<String, String> templateHashes() {
        Map<String, String> hashes = new TreeMap<>();
        for (FileState file : files.values()) {
            byte[] content = seen.get(file.file());
            if (content != null && file.error() == null) {
                String hash = sha256(content);
                file.templates().forEach(template -> hashes.put(template, hash));
            }
        }
        return hashes;
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content))
                    .substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file a template was loaded from, if any. */
    public Optional<FileState> fileOf(String template) {
        return files.values().stream().filter(f -> f.templates().contains(template)).findFirst();
    }

    /**
     * Why a template is in error because more than one file defines it (the one holding it and those refused for it),
     * or empty when at most one does.
     */
    public Optional<String> duplicateError(String template) {
        Set<String> definers = new TreeSet<>();
        fileOf(template).ifPresent(holder -> definers.add(holder.file()));
        refusedTemplates.forEach((file, templates) -> {
            if (templates.contains(template)) {
                definers.add(file);
            }
        });
        return RouteFileIds.definedInSeveralFiles(template, definers.stream().map(this::path).toList());
    }

    /** The template ids defined by more than one file now. */
    private Set<String> duplicated() {
        return refusedTemplates.values().stream().flatMap(List::stream)
                .filter(template -> duplicateError(template).isPresent()).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.error("Scanning {} failed", directory, e);
        }
    }

    /** Loads the file's content; answers the templates it loaded (whose groups were told), none when it was refused. */
    private Set<String> load(String file, byte[] content) {
        FileState previous = files.getOrDefault(file, new FileState(file, List.of(), List.of(), null));
        Model model = model();
        List<RouteTemplateDefinition> oldTemplates = previous.templates().stream()
                .map(model::getRouteTemplateDefinition).filter(Objects::nonNull).toList();
        List<RouteDefinition> oldRoutes = previous.routes().stream()
                .map(model::getRouteDefinition).filter(Objects::nonNull).toList();
        Set<String> otherTemplates = minus(templateIds(), previous.templates());
        Set<String> otherRoutes = minus(routeIds(), previous.routes());
        try {
            // the YAML loader by name: Camel would pick a loader by everything after the name's first dot ("v2.yaml")
            RoutesLoader loader = PluginHelper.getRoutesLoader(context);
            List<RoutesBuilder> builders = List.of(loader.getRoutesLoader("yaml").loadRoutesBuilder(
                    org.apache.camel.support.ResourceHelper.fromBytes("file:" + directory.resolve(file), content)));
            RouteFileIds.Defined defined = defined(builders);
            List<String> refusals = RouteFileIds.refusals(defined, templateHolders(file), routeHolders(file));
            if (!refusals.isEmpty()) {
                String error = String.join("; ", refusals);
                LOG.error("{} was not loaded: {}; what it held before stays", path(file), error);
                files.put(file, new FileState(file, previous.templates(), previous.routes(), error));
                refusedIds.put(file, idsChanged);
                refusedTemplates.put(file, List.copyOf(defined.templates()));
                return Set.of();
            }
            refusedIds.remove(file);
            refusedTemplates.remove(file);
            removeAll(previous.templates(), previous.routes());
            // the types are listed as soon as Camel has them, which is before their probe routes are built
            files.put(file, new FileState(file, defined.templates(), defined.routes(), null));
            for (RoutesBuilder builder : builders) {
                context.addRoutes(builder);
            }
            List<String> templates = List.copyOf(minus(templateIds(), otherTemplates));
            List<String> routes = List.copyOf(minus(routeIds(), otherRoutes));
            templates.forEach(this::probe);
            files.put(file, new FileState(file, templates, routes, null));
            idsChanged++;
            LOG.info("Loaded {}: templates {}, routes {}", file, templates, routes);
            templatesChanged.accept(new HashSet<>(templates));
            return new HashSet<>(templates);
        } catch (Exception e) {
            refusedIds.remove(file);
            refusedTemplates.remove(file);
            String error = describe(e);
            LOG.warn("{} was not loaded; its previous version stays: {}", file, error);
            restore(minus(templateIds(), otherTemplates), minus(routeIds(), otherRoutes), oldTemplates, oldRoutes);
            files.put(file, new FileState(file, previous.templates(), previous.routes(), error));
            return Set.of();
        }
    }

    /** A deleted file's plain routes stop; its templates go, but groups made of them keep running as they are. */
    private void unload(String file) {
        FileState previous = files.remove(file);
        refusedIds.remove(file);
        refusedTemplates.remove(file);
        if (previous == null) {
            return;
        }
        idsChanged++;
        try {
            removeAll(previous.templates(), previous.routes());
            LOG.info("Unloaded {}: templates {}, routes {}", file, previous.templates(), previous.routes());
        } catch (Exception e) {
            LOG.warn("Unloading {} failed: {}", file, describe(e));
        }
    }

    /**
     * The ids the file's builders define, read by configuring them without adding them to Camel (adding them later
     * does not configure them again). The YAML DSL gives RouteBuilders only.
     */
    private RouteFileIds.Defined defined(java.util.Collection<RoutesBuilder> builders) throws Exception {
        List<String> templates = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.configureRoutes(context).getRoutes().stream().map(RouteDefinition::getRouteId)
                        .filter(Objects::nonNull).forEach(routes::add);
                routeBuilder.getRouteTemplateCollection().getRouteTemplates().stream()
                        .map(RouteTemplateDefinition::getId).filter(Objects::nonNull).forEach(templates::add);
                routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes().stream()
                        .map(org.apache.camel.model.TemplatedRouteDefinition::getRouteId).filter(Objects::nonNull)
                        .forEach(routes::add);
            }
        }
        return new RouteFileIds.Defined(templates, routes);
    }

    /** Each loaded template id that is not this file's, with who holds it. */
    private Map<String, String> templateHolders(String file) {
        Map<String, String> holders = new HashMap<>();
        templateIds().forEach(id -> holders.put(id, "one of warren's own templates"));
        files.values().forEach(other -> other.templates().forEach(id -> holders.put(id, "defined by " + path(other.file()))));
        Optional.ofNullable(files.get(file)).ifPresent(own -> own.templates().forEach(holders::remove));
        return holders;
    }

    /** Each route id in the Camel context (worker groups' too) that is not this file's, with who holds it. */
    private Map<String, String> routeHolders(String file) {
        Map<String, String> holders = new HashMap<>();
        context.getRoutes().forEach(route -> holders.put(route.getRouteId(), "one of warren's own routes"));
        holders.put(PROBE_ROUTE, "one of warren's own routes");
        files.values().forEach(other -> other.routes().forEach(id -> holders.put(id, "defined by " + path(other.file()))));
        Optional.ofNullable(files.get(file)).ifPresent(own -> own.routes().forEach(holders::remove));
        return holders;
    }

    /** Makes a route of the template with stand-in parameters, without starting it, to find what only that shows. */
    private void probe(String template) {
        try {
            TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, template).routeId(PROBE_ROUTE)
                    .handler(t -> t.getRoute().autoStartup(false));
            RouteTemplateDefinition definition = model().getRouteTemplateDefinition(template);
            if (definition.getTemplateParameters() != null) {
                // a parameter's default, when it has one, is a value the route must take (e.g. a log level)
                definition.getTemplateParameters().forEach(p -> builder.parameter(p.getName(),
                        p.getDefaultValue() != null && !isWarrens(p.getName()) ? p.getDefaultValue() : standIn(p.getName())));
            }
            builder.add();
        } catch (Exception e) {
            throw new IllegalArgumentException("template '" + template + "': " + describe(e), e);
        } finally {
            try {
                context.removeRoute(PROBE_ROUTE);
            } catch (Exception ignored) {
                // the probe route was never made
            }
        }
    }

    private static boolean isWarrens(String parameter) {
        return WorkerGroupConfig.RESERVED_PARAMETERS.contains(parameter);
    }

    private static String standIn(String parameter) {
        return switch (parameter) {
            case "consumers", "prefetch" -> "1";
            case "target" -> "http://localhost:9/warren-probe";
            case "targetUrl" -> "http://localhost:9/warren-probe";
            default -> "warren-probe";
        };
    }

    private void removeAll(List<String> templates, List<String> routes) throws Exception {
        for (String route : routes) {
            context.getRouteController().stopRoute(route);
            context.removeRoute(route);
        }
        for (String template : templates) {
            RouteTemplateDefinition definition = model().getRouteTemplateDefinition(template);
            if (definition != null) {
                model().removeRouteTemplateDefinition(definition);
            }
        }
    }

    private void restore(Set<String> addedTemplates, Set<String> addedRoutes, List<RouteTemplateDefinition> oldTemplates,
                         List<RouteDefinition> oldRoutes) {
        try {
            removeAll(List.copyOf(addedTemplates), List.copyOf(addedRoutes));
            model().addRouteTemplateDefinitions(oldTemplates);
            model().addRouteDefinitions(oldRoutes);
        } catch (Exception e) {
            LOG.error("Restoring the previous routes failed", e);
        }
    }

    private Set<String> templateIds() {
        return model().getRouteTemplateDefinitions().stream().map(RouteTemplateDefinition::getId).collect(Collectors.toSet());
    }

    private Set<String> routeIds() {
        // worker routes come and go through the API meanwhile; they never belong to a file
        return context.getRoutes().stream().map(org.apache.camel.Route::getRouteId)
                .filter(id -> !id.equals(PROBE_ROUTE) && !id.startsWith(WorkerRoutes.routeId("")))
                .collect(Collectors.toSet());
    }

    private static Set<String> minus(Set<String> all, java.util.Collection<String> removed) {
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(removed);
        return rest;
    }

    private Model model() {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        if (e == root || e.getMessage() == null || e.getMessage().contains(message)) {
            return e.getMessage() != null ? e.getMessage() : message;
        }
        return e.getMessage() + " (" + message + ")";
    }
}
