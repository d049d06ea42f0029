package io.leakscan.inventory;

import io.leakscan.engine.ScanEndpoint;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves a description into the endpoints to scan: loads it, parses it, and for each operation either builds its
 * first request (named by its Echo route, {@code /users/{id}} becoming {@code /users/:id}) or lists it as skipped with
 * the reason. Safe by default: only GET, HEAD and OPTIONS unless {@link InventoryOptions#includeUnsafe()}.
 */
public final class EndpointInventory {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final Clock clock;

    public EndpointInventory(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param target  the target's base URL ({@code auto} looks below it)
     * @param fetcher how URL and {@code auto} sources are fetched; not used for a file
     * @throws InventoryException when the description cannot be found, read or parsed, or a glob matches nothing
     */
    public Inventory resolve(DescriptionSource source, URI target, DescriptionFetcher fetcher,
                             InventoryOptions options) {
        DescriptionLoader.Loaded loaded = DescriptionLoader.load(source, target, fetcher);
        return fromText(loaded.text(), loaded.location(), loaded.attempts(), options);
    }

    /** The same from a description already in hand. */
    public Inventory fromText(String text, String location, List<DiscoveryAttempt> attempts,
                              InventoryOptions options) {
        DescriptionParser.Parsed parsed = DescriptionParser.parse(text, location);
        return build(parsed.api(), location, attempts, parsed.warnings(), options);
    }

    private Inventory build(OpenAPI api, String location, List<DiscoveryAttempt> attempts, List<String> warnings,
                            InventoryOptions options) {
        List<RouteGlob> include = options.include().stream().map(g -> RouteGlob.parse("include", g)).toList();
        List<RouteGlob> exclude = options.exclude().stream().map(g -> RouteGlob.parse("exclude", g)).toList();
        Map<RouteGlob, Boolean> used = new LinkedHashMap<>();
        include.forEach(g -> used.put(g, false));
        exclude.forEach(g -> used.put(g, false));
        SchemaSampler sampler = new SchemaSampler(api.getComponents(), new SampleValues(clock), options.overrides());
        OperationRequests requests = new OperationRequests(api.getComponents(), sampler,
                new RequestBodies(api.getComponents(), sampler, options.overrides()), options.overrides());
        String prefix = prefix(api.getServers());
        List<ScanEndpoint> endpoints = new ArrayList<>();
        List<SkippedOperation> skipped = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            String template = prefix + path.getKey();
            String route = echoRoute(template);
            PathItem item = path.getValue();
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
                String method = e.getKey().name();
                Operation op = e.getValue();
                if (examples.size() < 3) {
                    examples.add(method + " " + route);
                }
                used.replaceAll((g, was) -> was || g.matches(method, route, template));
                String reason = reasonToSkip(method, route, template, op, api, include, exclude, options);
                if (reason != null) {
                    skipped.add(new SkippedOperation(method, route, reason));
                    continue;
                }
                EndpointRef ref = new EndpointRef(method, route);
                Endpoint override = options.overrides().requests().get(ref);
                if (override != null) {
                    endpoints.add(new ScanEndpoint(ref, override));
                    continue;
                }
                switch (requests.build(method, template, item.getParameters(), op, security(op, api))) {
                    case OperationRequests.Built.Request r -> endpoints.add(new ScanEndpoint(ref, r.endpoint()));
                    case OperationRequests.Built.Unsupported u ->
                            skipped.add(new SkippedOperation(method, route, u.reason()));
                }
            }
        }
        used.forEach((glob, matched) -> {
            if (!matched) {
                String kind = include.contains(glob) ? "include" : "exclude";
                throw InventoryException.glob(kind, "the " + kind + " glob '" + glob.text() + "' matches no operation in "
                        + location + (examples.isEmpty() ? " (it has none)"
                        : " (its routes look like " + String.join(", ", examples) + ")"));
            }
        });
        return new Inventory(location, endpoints, skipped, attempts, warnings);
    }

    private static String reasonToSkip(String method, String route, String template, Operation op, OpenAPI api,
                                       List<RouteGlob> include, List<RouteGlob> exclude, InventoryOptions options) {
        if (!include.isEmpty() && include.stream().noneMatch(g -> g.matches(method, route, template))) {
            return "not matched by any include glob";
        }
        for (RouteGlob g : exclude) {
            if (g.matches(method, route, template)) {
                return "excluded by '" + g.text() + "'";
            }
        }
        if (Boolean.TRUE.equals(op.getDeprecated())) {
            return "deprecated";
        }
        if (method.equals("TRACE")) {
            return "TRACE is not scanned";
        }
        if (!SAFE.contains(method) && !options.includeUnsafe()) {
            return method + " may change state and a scan repeats it hundreds of times; include unsafe methods to "
                    + "load it";
        }
        return SecurityCheck.unmet(security(op, api), api.getComponents() == null ? null
                        : api.getComponents().getSecuritySchemes(), options.scanHeaders().keySet(), options.overrides())
                .orElse(null);
    }

    /** The operation's own security, else the document's; an empty list on the operation turns it off. */
    private static List<SecurityRequirement> security(Operation op, OpenAPI api) {
        return op.getSecurity() != null ? op.getSecurity() : api.getSecurity();
    }

    /**
     * Checks the globs' syntax without a description, for a request whose description is fetched later.
     *
     * @throws InventoryException naming the glob, with {@link InventoryException#filter()} saying which list
     */
    public static void checkGlobs(InventoryOptions options) {
        options.include().forEach(g -> RouteGlob.parse("include", g));
        options.exclude().forEach(g -> RouteGlob.parse("exclude", g));
    }

    /** {@code /users/{id}} as Echo registers it: {@code /users/:id}. */
    static String echoRoute(String template) {
        return template.replaceAll("\\{([^}/]+)}", ":$1");
    }

    /**
     * The path part of the first server URL (Swagger 2.0's {@code basePath} arrives here, converted), its variables
     * at their defaults; empty for none or "/".
     */
    static String prefix(List<Server> servers) {
        if (servers == null || servers.isEmpty() || servers.getFirst().getUrl() == null) {
            return "";
        }
        Server server = servers.getFirst();
        String url = server.getUrl();
        if (server.getVariables() != null) {
            for (var v : server.getVariables().entrySet()) {
                url = url.replace("{" + v.getKey() + "}", v.getValue().getDefault() == null ? ""
                        : v.getValue().getDefault());
            }
        }
        int scheme = url.indexOf("//");
        if (scheme >= 0) {
            int slash = url.indexOf('/', scheme + 2);
            url = slash < 0 ? "" : url.substring(slash);
        }
        int q = url.indexOf('?');
        if (q >= 0) {
            url = url.substring(0, q);
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.isEmpty() || url.startsWith("/") ? url : "/" + url;
    }
}
