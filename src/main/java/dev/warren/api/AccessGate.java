package dev.warren.api;

import dev.warren.auth.AccessPolicy;
import dev.warren.auth.AuditEntry;
import dev.warren.auth.AuditWriter;
import dev.warren.auth.Authenticator;
import dev.warren.auth.BrowserRules;
import dev.warren.auth.Caller;
import dev.warren.auth.Credentials;
import dev.warren.auth.RequestData;
import dev.warren.auth.Role;
import dev.warren.common.Problem;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Every request passes here before any route: its Host must be allowed, a state change must not come from another
 * site's page, and (with access control on) it must present a key whose role and queue patterns allow it.
 * State-changing requests are written to the audit log once answered.
 */
public final class AccessGate implements Handler<RoutingContext> {

    private static final String BEARER_CHALLENGE = "Bearer realm=\"warren\"";
    private static final String BASIC_CHALLENGE = "Basic realm=\"warren\"";
    /** The exchange property under which API operations find the {@link Caller}. */
    public static final String CALLER_PROPERTY = "warrenCaller";
    /** A caller that may see nothing: what an API operation assumes when no gate let its request in. */
    static final Caller NOBODY = new Caller(null, "nobody", Role.VIEWER, List.of("\u0000"));
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);

    private final boolean enabled;
    private final AccessPolicy policy;
    private final Authenticator authenticator;
    private final BrowserRules browser;
    private final AuditWriter audit;
    private final Clock clock;

    public AccessGate(boolean enabled, AccessPolicy policy, Authenticator authenticator, BrowserRules browser, AuditWriter audit,
                      Clock clock) {
        this.enabled = enabled;
        this.policy = policy;
        this.authenticator = authenticator;
        this.browser = browser;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext routing) {
        var request = routing.request();
        String method = request.method().name();
        // the path the router matches: Vert.x collapses "//" and decodes unreserved escapes ("/%61pi" is "/api")
        String path = routing.normalizedPath() == null ? "/" : routing.normalizedPath();
        if (!browser.hostAllowed(request.host())) {
            HttpErrorPages.answer(routing, Problem.of(421, "Misdirected Request", "This server does not answer to the "
                    + "host name the request names; see warren.http.allowed-hosts"));
            return;
        }
        AccessPolicy.Requirement requirement = policy.require(method, path);
        if (BrowserRules.crossSiteStateChange(method, requirement.changesState(), request.host(), request.getHeader("Origin"),
                request.getHeader("Referer"), request.getHeader("Sec-Fetch-Site"))) {
            auditWhenAnswered(routing, null, requirement);
            HttpErrorPages.answer(routing, Problem.of(403, "Forbidden", "A page of another site may not change state here"));
            return;
        }
        if (!enabled) {
            let(routing, Caller.ANONYMOUS_ADMIN, requirement);
            return;
        }
        if (requirement.open()) {
            statusOnlyWhere(routing, path, null);
            routing.next();
            return;
        }
        Optional<String> key = Credentials.key(request.getHeader("Authorization"));
        if (key.isEmpty() || authenticator.answersAtOnce(key.get())) {
            Optional<Caller> caller;
            try {
                caller = key.flatMap(authenticator::authenticate);
            } catch (RuntimeException e) {
                unavailable(routing, e);
                return;
            }
            admit(routing, requirement, key, caller);
            return;
        }
        // a key not in the cache is looked up in the store: a blocking query, never on the event loop
        if (!request.isEnded()) {
            request.pause();
        }
        routing.vertx().<Optional<Caller>>executeBlocking(() -> authenticator.authenticate(key.get()), false)
                .onComplete(looked -> {
                    if (!request.isEnded()) {
                        request.resume();
                    }
                    if (looked.failed()) {
                        unavailable(routing, looked.cause());
                    } else {
                        admit(routing, requirement, key, looked.result());
                    }
                });
    }

    private static void unavailable(RoutingContext routing, Throwable e) {
        LOG.warn("Cannot check an API key: {}", e.getMessage());
        HttpErrorPages.answer(routing, Problem.of(503, "Service Unavailable", "API keys cannot be checked now (the store is out of reach)"));
    }

    /** Lets the request in, or refuses it, given the caller its key belongs to (none: no key, or not a valid one). */
    private void admit(RoutingContext routing, AccessPolicy.Requirement requirement, Optional<String> key,
                       Optional<Caller> caller) {
        String method = routing.request().method().name();
        String path = routing.normalizedPath() == null ? "/" : routing.normalizedPath();
        if (caller.isEmpty()) {
            auditWhenAnswered(routing, null, requirement);
            refuse(routing, 401, "Unauthorized", key.isEmpty()
                    ? "Send an API key: Authorization: Bearer <key> (or Basic with the key as the password)"
                    : "The API key is not valid (unknown, revoked or expired)");
            return;
        }
        switch (AccessPolicy.decide(caller.get(), requirement)) {
            case ROLE_TOO_LOW -> {
                auditWhenAnswered(routing, caller.get(), requirement);
                refuse(routing, 403, "Forbidden", method + " " + path + " needs the role " + requirement.role().json()
                        + "; this key is " + caller.get().role().json());
            }
            case QUEUE_NOT_ALLOWED -> {
                auditWhenAnswered(routing, caller.get(), requirement);
                refuse(routing, 403, "Forbidden", requirement.wholeInstance()
                        ? "This key is limited to some queues; " + path + " is about every queue (keys, the audit log, Jolokia)"
                        : requirement.queue() == null ? "This key is limited to some queues and may change nothing else"
                        : "This key may not use the queue " + requirement.queue());
            }
            default -> let(routing, caller.get(), requirement);
        }
    }

    private void let(RoutingContext routing, Caller caller, AccessPolicy.Requirement requirement) {
        statusOnlyWhere(routing, routing.normalizedPath() == null ? "/" : routing.normalizedPath(), caller);
        routing.put(RequestData.CALLER, caller);
        routing.setUser(user(caller));
        auditWhenAnswered(routing, caller, requirement);
        routing.next();
    }

    /**
     * Makes Camel's health answer carry the status only where the policy says so: it reads its exposure level and
     * whether to add data from the request's parameters, which are set here before it runs.
     */
    private static void statusOnlyWhere(RoutingContext routing, String path, Caller caller) {
        if (AccessPolicy.healthStatusOnly(path, caller)) {
            var parameters = routing.request().params();
            parameters.remove("data").remove("stackTrace");
            parameters.set("exposureLevel", "oneline");
        }
    }

    private static void refuse(RoutingContext routing, int status, String title, String detail) {
        // one header line per challenge: Chromium ignores a Basic challenge that shares its line with another one
        routing.response().putHeader("WWW-Authenticate", challenges(routing.request().getHeader("Authorization")));
        HttpErrorPages.answer(routing, Problem.of(status, title, detail));
    }

    /**
     * The challenges for a refused request, each sent as its own header line: a caller that sent a Bearer key (the
     * dashboard's fetch) gets no Basic challenge, which would make a browser pop up its own sign-in dialog over the page.
     */
    static List<String> challenges(String authorization) {
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        return bearer ? List.of(BEARER_CHALLENGE) : List.of(BEARER_CHALLENGE, BASIC_CHALLENGE);
    }

    /** Writes an audit entry once the request is answered, when it changes state (or a later handler says it did). */
    private void auditWhenAnswered(RoutingContext routing, Caller caller, AccessPolicy.Requirement requirement) {
        String method = routing.request().method().name();
        String path = routing.normalizedPath();
        routing.addEndHandler(done -> {
            String marked = routing.get(RequestData.AUDIT_TARGET);
            if (!requirement.changesState() && marked == null) {
                return;
            }
            int status = routing.response().getStatusCode();
            String target = marked != null ? marked : requirement.queue() != null ? requirement.queue() : targetOf(path);
            AuditEntry entry = new AuditEntry(clock.instant(), caller == null ? null : caller.keyId(),
                    caller == null ? null : caller.keyName(), method, path, target, status, AuditEntry.outcomeOf(status));
            audit.write(entry);
        });
    }

    /**
     * The resource a path names after /api/{kind}/ or /api/kafka/{kind}/ (an exchange, topic, job or key), decoded;
     * null for others, and for an action on a whole kind (POST /api/jobs/retry).
     */
    static String targetOf(String path) {
        String[] s = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
        if (s.length < 3 || !(s[0].equals("api") || s[0].equals("queue"))) {
            return null;
        }
        int at = s[1].equals("kafka") ? 3 : 2;
        if (s.length <= at || s.length == 3 && s[1].equals("jobs") && s[2].equals("retry")) {
            return null;
        }
        try {
            return URLDecoder.decode(s[at].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s[at];
        }
    }

    private static User user(Caller caller) {
        return User.create(new JsonObject().put("keyId", caller.keyId()).put("keyName", caller.keyName())
                .put("role", caller.role().json()).put("queuePatterns", new JsonArray(caller.queuePatterns())));
    }

    /**
     * The caller of an API request, as the gate left it on the request (Camel copies the routing context's user to a
     * message header no request header can set, since it is an object); the anonymous admin when there is none.
     */
    public static void callerOf(Exchange exchange) {
        Object user = exchange.getMessage().removeHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER);
        Caller caller = user instanceof User u ? fromPrincipal(u.principal()) : null;
        if (caller == null) {
            // no gate let this request in (it is not installed): an anonymous admin only when access control is off
            AccessGate gate = exchange.getContext().getRegistry().lookupByNameAndType(ApiBeans.ACCESS_GATE, AccessGate.class);
            caller = gate != null && !gate.enabled ? Caller.ANONYMOUS_ADMIN : NOBODY;
        }
        exchange.setProperty(CALLER_PROPERTY, caller);
    }

    /** Whether keys are checked (warren.auth.enabled). */
    public boolean enabled() {
        return enabled;
    }

    private static Caller fromPrincipal(JsonObject principal) {
        Optional<Role> role = Role.parse(principal.getString("role"));
        if (role.isEmpty()) {
            return null;
        }
        JsonArray patterns = principal.getJsonArray("queuePatterns", new JsonArray());
        List<String> list = patterns.stream().map(String::valueOf).toList();
        return new Caller(principal.getString("keyId"), principal.getString("keyName"), role.get(), list);
    }
}
