package io.leakscan.cli;

import io.leakscan.report.ReportFormat;
import io.leakscan.target.Endpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Talks to a Leakscan service: {@code POST /api/v1/scans}, {@code GET /api/v1/scans/{id}} and
 * {@code GET /api/v1/scans/{id}/report?format=...}. Every HTTP failure becomes one line and an exit code: 401/403
 * and refused requests are configuration errors (2), an unreachable or failing server means no result (3).
 */
final class ServerClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final String apiKey;
    private final HttpClient http;

    ServerClient(URI server, String apiKey) {
        String s = server.toString();
        this.server = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The request body, the same fields as the service's ScanRequest. */
    static ObjectNode body(ScanSettings s) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode target = root.putObject("target");
        target.put("baseUrl", s.target().toString());
        ObjectNode headers = target.putObject("headers");
        s.headers().forEach(headers::put);
        ArrayNode endpoints = root.putArray("endpoints");
        s.endpoints().forEach(se -> {
            Endpoint e = se.request();
            ObjectNode ep = endpoints.addObject();
            ep.put("method", e.method());
            ep.put("path", e.path());
            if (e.body() != null) {
                ep.put("body", e.body());
            }
            if (e.contentType() != null) {
                ep.put("contentType", e.contentType());
            }
            ObjectNode h = ep.putObject("headers");
            e.headers().forEach(h::put);
            if (!se.route().path().equals(e.path())) {
                ep.put("route", se.route().path());
            }
        });
        root.put("profile", s.profile().name().toLowerCase(Locale.ROOT));
        root.put("echoSpecific", s.echoSpecific());
        if (!s.tuning().values().isEmpty()) {
            ObjectNode tuning = root.putObject("tuning");
            s.tuning().values().forEach(tuning::put);
        }
        if (!s.telemetryPaths().isEmpty() || s.telemetryUrl() != null || !s.telemetryHeaders().isEmpty()) {
            ObjectNode telemetry = root.putObject("telemetry");
            if (s.telemetryUrl() != null) {
                telemetry.put("baseUrl", s.telemetryUrl().toString());
            }
            if (!s.telemetryHeaders().isEmpty()) {
                ObjectNode th = telemetry.putObject("headers");
                s.telemetryHeaders().forEach(th::put);
            }
            if (!s.telemetryPaths().isEmpty()) {
                ArrayNode paths = telemetry.putArray("paths");
                s.telemetryPaths().forEach(paths::add);
            }
        }
        if (s.rps() != null || s.concurrency() != null || s.maxDuration() != null) {
            ObjectNode limits = root.putObject("limits");
            if (s.rps() != null) {
                limits.put("maxRequestsPerSecond", s.rps());
            }
            if (s.concurrency() != null) {
                limits.put("maxConcurrency", s.concurrency());
            }
            if (s.maxDuration() != null) {
                limits.put("maxDurationSeconds", Math.max(1, s.maxDuration().toSeconds()));
            }
        }
        return root;
    }

    /** Queues the scan and returns its id. */
    String submit(ScanSettings s) {
        HttpRequest req = request(URI.create(server + "/api/v1/scans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body(s)))).build();
        HttpResponse<String> res = send(req, "submit the scan");
        if (res.statusCode() != 202 && res.statusCode() != 201 && res.statusCode() != 200) {
            throw failure(res, "submit the scan");
        }
        String id = json(res).path("id").asString("");
        if (id.isBlank()) {
            throw CliException.incomplete("the server accepted the scan but returned no id");
        }
        return id;
    }

    /** The scan resource: status, phase, progress, failure. */
    JsonNode status(String id) {
        HttpResponse<String> res = send(request(scanUri(id, "")).GET().build(), "read scan " + id);
        if (res.statusCode() == 404) {
            throw CliException.usage("scan " + id + " not found on " + server + " (404)");
        }
        if (res.statusCode() != 200) {
            throw failure(res, "read scan " + id);
        }
        return json(res);
    }

    /** The rendered report, or null while the scan is not finished (409). */
    String report(String id, ReportFormat format) {
        URI uri = scanUri(id, "/report?format=" + format.name().toLowerCase(Locale.ROOT));
        HttpResponse<String> res = send(request(uri).GET().build(), "fetch the " + format.name().toLowerCase(
                Locale.ROOT) + " report of scan " + id);
        if (res.statusCode() == 409) {
            return null;
        }
        if (res.statusCode() == 404) {
            // An unknown scan, or a service too old to serve reports: the problem's detail tells which.
            String detail = problemDetail(res.body());
            throw CliException.usage("scan " + id + " or its report not found on " + server + " (404)"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (res.statusCode() != 200) {
            throw failure(res, "fetch the report of scan " + id);
        }
        return res.body();
    }

    private URI scanUri(String id, String suffix) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw CliException.usage("invalid scan id '" + id + "': expected the id the server returned, e.g. "
                    + "3f2c1e9a-...");
        }
        return URI.create(server + "/api/v1/scans/" + id + suffix);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + apiKey)
                .header("Accept", "*/*");
    }

    private HttpResponse<String> send(HttpRequest req, String what) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw CliException.incomplete("cannot reach the server at " + server + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw CliException.incomplete("the server at " + server + " did not answer in time (" + what + ")");
        } catch (IOException e) {
            throw new CliException(ExitCodes.INCOMPLETE, "cannot " + what + " at " + server + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.incomplete("interrupted while trying to " + what);
        }
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (RuntimeException e) {
            throw CliException.incomplete("the server's answer is not JSON (HTTP " + res.statusCode() + ")");
        }
    }

    /** One line for an unexpected status, with the problem's detail when the server sent RFC 9457 JSON. */
    private CliException failure(HttpResponse<String> res, String what) {
        int code = res.statusCode();
        if (code == 401) {
            return CliException.usage("the server rejected the API key (401)");
        }
        String detail = problemDetail(res.body());
        String line = "the server refused to " + what + " (" + code + ")" + (detail.isEmpty() ? "" : ": " + detail);
        if (code == 403 || code == 400 || code == 404 || code == 413 || code == 415 || code == 422) {
            return CliException.usage(line);
        }
        return CliException.incomplete(line);
    }

    private static String problemDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode p = JSON.readTree(body);
            StringBuilder s = new StringBuilder(p.path("detail").asString(p.path("title").asString("")));
            JsonNode errors = p.path("errors");
            if (errors.isArray()) {
                for (JsonNode e : errors) {
                    s.append(s.isEmpty() ? "" : "; ").append(e.path("field").asString("")).append(' ')
                            .append(e.path("message").asString(""));
                }
            }
            return s.toString().replaceAll("\\s+", " ").strip();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
