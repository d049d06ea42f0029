package io.leakscan.engine;

import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** lab/catalog.json (schemaVersion 1), as the accuracy tests read it: ground truth per app and route. */
record LabCatalog(List<App> apps) {

    record Expect(String kind, String scope) {
        @Override
        public String toString() {
            return kind + "/" + scope;
        }
    }

    /**
     * @param inputs the expectations that only requests with a wrong input meet, by input ({@code malformed-body}):
     *               they are in {@code expect} too
     */
    record Route(EndpointRef route, Endpoint request, boolean streaming, Set<Expect> expect,
                 Map<String, Expect> inputs) {
        ScanEndpoint toScanEndpoint() {
            return new ScanEndpoint(route, request);
        }
    }

    /**
     * @param telemetryBaseUrl where the telemetry is served: null on the app's base URL, {@code "admin"} only on its
     *                         admin listener ({@link io.leakscan.lab.LabApp#adminUrl()})
     */
    record App(String name, List<String> telemetry, String telemetryBaseUrl, String expectedVerdict,
               List<Route> routes) {

        /** The telemetry is only on the admin listener, so a scan sees it only when told that listener's URL. */
        boolean telemetryOnAdminListener() {
            return "admin".equals(telemetryBaseUrl);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static LabCatalog load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root.path("schemaVersion").asInt() != 1) {
            throw new IllegalStateException("catalog schemaVersion " + root.path("schemaVersion") + " is not 1");
        }
        List<App> apps = new ArrayList<>();
        for (JsonNode a : root.path("apps")) {
            List<String> telemetry = new ArrayList<>();
            a.path("telemetry").forEach(t -> telemetry.add(t.path("kind").asString()));
            List<Route> routes = new ArrayList<>();
            for (JsonNode r : a.path("routes")) {
                JsonNode req = r.path("request");
                Map<String, String> headers = new LinkedHashMap<>();
                req.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
                Set<Expect> expect = new LinkedHashSet<>();
                Map<String, Expect> inputs = new LinkedHashMap<>();
                r.path("expect").forEach(e -> {
                    Expect x = new Expect(e.path("kind").asString(), e.path("scope").asString());
                    expect.add(x);
                    if (e.hasNonNull("input")) {
                        inputs.put(e.path("input").asString(), x);
                    }
                });
                String method = r.path("method").asString();
                routes.add(new Route(new EndpointRef(method, r.path("path").asString()),
                        new Endpoint(method, req.path("path").asString(), text(req.path("body")),
                                text(req.path("contentType")), headers),
                        r.path("streaming").asBoolean(), expect, inputs));
            }
            apps.add(new App(a.path("name").asString(), telemetry, text(a.path("telemetryBaseUrl")),
                    a.path("expectedVerdict").asString(), routes));
        }
        return new LabCatalog(apps);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asString();
    }
}
