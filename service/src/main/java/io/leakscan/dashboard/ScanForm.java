package io.leakscan.dashboard;

import io.leakscan.scan.Profile;
import io.leakscan.scan.ScanRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The new-scan form as the browser sends it (every field a string, rows as lists), turned into the API's
 * {@link ScanRequest} and checked with the same bean validation as {@code POST /api/v1/scans}; each message is mapped
 * back to the form field it belongs to, so the page can show it next to that field.
 */
public class ScanForm {

    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** A form-level message that belongs to no single field. */
    static final String FORM = "form";

    private static final Pattern ENDPOINT_FIELD = Pattern.compile(
            "endpoints\\[(\\d+)]\\.(method|path|route|body|contentType|headers).*");
    private static final Pattern ENDPOINT_ROW = Pattern.compile("endpoints\\[(\\d+)].*");

    private String baseUrl = "";
    /** Where the target serves telemetry when not on the base URL (an admin listener); blank for the base URL. */
    private String telemetryUrl = "";
    private List<EndpointRow> endpoints = new ArrayList<>();
    private String profile = Profile.MEMORY.wire();
    private boolean echoSpecific = true;
    private String maxRequestsPerSecond = "";
    private String maxConcurrency = "";
    private String maxDurationSeconds = "";
    private List<HeaderRow> headers = new ArrayList<>();
    /** Where to import endpoints from: a description's URL (an uploaded file comes as its own part). */
    private String openapiUrl = "";
    private EndpointImport imported = new EndpointImport();

    /** What the empty form shows: one endpoint row to fill in. */
    static ScanForm initial() {
        ScanForm form = new ScanForm();
        form.endpoints.add(new EndpointRow("GET", "/"));
        return form;
    }

    /** One endpoint row: a method and a path with its query. */
    public static class EndpointRow {
        private String method = "GET";
        private String path = "";
        /** The route as registered in Echo ({@code /users/:id}); findings name it. Blank: the path. */
        private String route = "";
        private String body = "";
        /** Blank with a body: JSON, checked. */
        private String contentType = "";
        /** This endpoint's own headers, one {@code Name: value} a line. */
        private String headers = "";

        public EndpointRow() {
        }

        EndpointRow(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public String getMethod() { return method; }
        public void setMethod(String method) { this.method = method; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getRoute() { return route; }
        public void setRoute(String route) { this.route = route; }
        public String getBody() { return body; }
        public void setBody(String body) { this.body = body; }
        public String getContentType() { return contentType; }
        public void setContentType(String contentType) { this.contentType = contentType; }
        public String getHeaders() { return headers; }
        public void setHeaders(String headers) { this.headers = headers; }

        /** Body, content type or headers given: the row's details start open. */
        public boolean hasRequestDetails() {
            return !strip(body).isEmpty() || !strip(contentType).isEmpty() || !strip(headers).isEmpty();
        }
    }

    /** One header sent with every request to the target (its own credentials, say). */
    public static class HeaderRow {
        private String name = "";
        private String value = "";
        /** The value came from the session, not from this request: the empty field says so. */
        private boolean kept;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
        public boolean isKept() { return kept; }
        void setKept(boolean kept) { this.kept = kept; }
    }

    /** The request, or the messages per form field (field name as in the form, e.g. {@code endpoints[1].path}). */
    record Checked(ScanRequest request, Map<String, String> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Offers a description's endpoints to tick. The untouched first row ({@code GET /}) goes: an import replaces the
     * placeholder, not a choice.
     */
    void offer(EndpointImport offered) {
        imported = offered;
        if (endpoints.size() == 1 && "GET".equals(endpoints.getFirst().getMethod())
                && "/".equals(strip(endpoints.getFirst().getPath())) && strip(endpoints.getFirst().getRoute()).isEmpty()
                && !endpoints.getFirst().hasRequestDetails()) {
            endpoints.clear();
        }
    }

    /** The ticked imported endpoints become rows of the form (then checked like any other). */
    void takeImported() {
        endpoints.addAll(imported.selected());
        imported = new EndpointImport();
    }

    /** The target headers given so far, for an import: secured operations need them. */
    Map<String, String> targetHeaders() {
        Map<String, String> out = new LinkedHashMap<>();
        headers.stream().filter(h -> !strip(h.getName()).isEmpty())
                .forEach(h -> out.put(strip(h.getName()), h.getValue() == null ? "" : h.getValue()));
        return out;
    }

    Checked check(Validator validator) {
        Map<String, String> errors = new TreeMap<>();
        Integer rps = integer("maxRequestsPerSecond", maxRequestsPerSecond, errors);
        Integer concurrency = integer("maxConcurrency", maxConcurrency, errors);
        Integer duration = integer("maxDurationSeconds", maxDurationSeconds, errors);
        Profile chosen = null;
        try {
            chosen = profile == null || profile.isBlank() ? null : Profile.fromWire(profile.strip());
        } catch (IllegalArgumentException e) {
            errors.put("profile", e.getMessage());
        }
        Map<String, String> targetHeaders = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            HeaderRow h = headers.get(i);
            String name = h.getName() == null ? "" : h.getName().strip();
            String value = h.getValue() == null ? "" : h.getValue();
            if (name.isEmpty() && value.isEmpty()) {
                continue; // an unused row
            }
            if (targetHeaders.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                errors.put("headers[" + i + "].name", "this header is already set above");
            }
            targetHeaders.put(name, value);
        }
        List<ScanRequest.EndpointRequest> rows = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            EndpointRow e = endpoints.get(i);
            String method = strip(e.getMethod()).toUpperCase(Locale.ROOT);
            EndpointBodies.Body body = EndpointBodies.check(method, e.getBody(), e.getContentType(),
                    "endpoints[" + i + "]", errors);
            Map<String, String> own = EndpointBodies.headers(e.getHeaders(), "endpoints[" + i + "].headers", errors);
            rows.add(new ScanRequest.EndpointRequest(method, strip(e.getPath()), body.text(), body.contentType(),
                    own.isEmpty() ? null : own, strip(e.getRoute()).isEmpty() ? null : strip(e.getRoute())));
        }
        ScanRequest.TelemetryRequest telemetry = strip(telemetryUrl).isEmpty() ? null
                : new ScanRequest.TelemetryRequest(strip(telemetryUrl), null, null, null);
        ScanRequest request = new ScanRequest(
                new ScanRequest.TargetRequest(strip(baseUrl), targetHeaders.isEmpty() ? null : targetHeaders),
                rows, chosen, echoSpecific, telemetry,
                rps == null && concurrency == null && duration == null ? null
                        : new ScanRequest.LimitsRequest(rps, concurrency, duration),
                null, null);
        for (ConstraintViolation<ScanRequest> v : validator.validate(request)) {
            errors.putIfAbsent(field(v.getPropertyPath().toString()), v.getMessage());
        }
        return new Checked(errors.isEmpty() ? request : null, errors);
    }

    /** Where the API's property path shows up in this form. */
    static String field(String path) {
        Matcher endpoint = ENDPOINT_FIELD.matcher(path);
        if (endpoint.matches()) {
            return "endpoints[" + endpoint.group(1) + "]." + endpoint.group(2);
        }
        Matcher row = ENDPOINT_ROW.matcher(path);
        if (row.matches()) {
            return "endpoints[" + row.group(1) + "].path";
        }
        if (path.startsWith("telemetry.baseUrl")) {
            return "telemetryUrl";
        }
        if (path.equals("target") || path.startsWith("target.baseUrl")) {
            return "baseUrl";
        }
        if (path.startsWith("target.headers")) {
            return "headers";
        }
        if (path.startsWith("endpoints")) {
            return "endpoints";
        }
        if (path.startsWith("limits.")) {
            return path.substring("limits.".length());
        }
        return path.isEmpty() ? FORM : path;
    }

    private static Integer integer(String field, String text, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "must be a whole number");
            return null;
        }
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    void addEndpoint() {
        endpoints.add(new EndpointRow("GET", ""));
    }

    void removeEndpoint(int index) {
        if (index >= 0 && index < endpoints.size()) {
            endpoints.remove(index);
        }
    }

    void addHeader() {
        headers.add(new HeaderRow());
    }

    void removeHeader(int index) {
        if (index >= 0 && index < headers.size()) {
            headers.remove(index);
        }
    }

    public String getOpenapiUrl() { return openapiUrl; }
    public void setOpenapiUrl(String openapiUrl) { this.openapiUrl = openapiUrl; }
    public EndpointImport getImported() { return imported; }
    public void setImported(EndpointImport imported) { this.imported = imported == null ? new EndpointImport() : imported; }
    public String getTelemetryUrl() { return telemetryUrl; }
    public void setTelemetryUrl(String telemetryUrl) { this.telemetryUrl = telemetryUrl; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public List<EndpointRow> getEndpoints() { return endpoints; }
    public void setEndpoints(List<EndpointRow> endpoints) { this.endpoints = endpoints == null ? new ArrayList<>() : new ArrayList<>(endpoints); }
    public String getProfile() { return profile; }
    public void setProfile(String profile) { this.profile = profile; }
    public boolean isEchoSpecific() { return echoSpecific; }
    public void setEchoSpecific(boolean echoSpecific) { this.echoSpecific = echoSpecific; }
    public String getMaxRequestsPerSecond() { return maxRequestsPerSecond; }
    public void setMaxRequestsPerSecond(String v) { this.maxRequestsPerSecond = v; }
    public String getMaxConcurrency() { return maxConcurrency; }
    public void setMaxConcurrency(String v) { this.maxConcurrency = v; }
    public String getMaxDurationSeconds() { return maxDurationSeconds; }
    public void setMaxDurationSeconds(String v) { this.maxDurationSeconds = v; }
    public List<HeaderRow> getHeaders() { return headers; }
    public void setHeaders(List<HeaderRow> headers) { this.headers = headers == null ? new ArrayList<>() : new ArrayList<>(headers); }
}
