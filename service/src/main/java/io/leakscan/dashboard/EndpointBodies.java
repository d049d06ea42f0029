package io.leakscan.dashboard;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An endpoint row's body, content type and headers as typed into the new-scan form, with the CLI's rules: no body on
 * GET or HEAD, JSON when no type is named, and a JSON body that parses, since a body the service answers with 400
 * hides the handler from the scan. What the API's own validation checks (sizes, header names) it checks after this.
 */
final class EndpointBodies {

    private static final Set<String> NO_BODY = Set.of("GET", "HEAD");
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\\s*;\\s*[^\\r\\n]*)?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EndpointBodies() {
    }

    record Body(String text, String contentType) {
    }

    /** The body and its type (nulls for none); each problem goes into {@code errors} under the row's field. */
    static Body check(String method, String body, String contentType, String row, Map<String, String> errors) {
        String text = body == null || body.isBlank() ? null : body;
        String type = contentType == null || contentType.isBlank() ? null : contentType.strip();
        if (text == null) {
            if (type != null) {
                errors.put(row + ".contentType", "there is no body to type");
            }
            return new Body(null, null);
        }
        if (NO_BODY.contains(method)) {
            errors.put(row + ".body", method + " requests carry no body; use POST, PUT, PATCH or DELETE");
            return new Body(text, type);
        }
        if (type != null && !MEDIA_TYPE.matcher(type).matches()) {
            errors.put(row + ".contentType", "must be a media type such as application/json");
            return new Body(text, type);
        }
        String problem = type == null || isJson(type) ? jsonProblem(text) : null;
        if (problem != null) {
            errors.put(row + ".body", type == null ? "is not JSON (" + problem + "); name its content type"
                    : "is not valid JSON: " + problem);
        }
        return new Body(text, type == null ? "application/json" : type);
    }

    /** {@code Name: value} lines; blank lines are skipped. */
    static Map<String, String> headers(String lines, String field, Map<String, String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (lines == null) {
            return out;
        }
        List<String> all = lines.lines().toList();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                errors.putIfAbsent(field, "line " + (i + 1) + ": expected Name: value");
                continue;
            }
            out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return out;
    }

    private static boolean isJson(String mediaType) {
        String essence = mediaType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return essence.equals("application/json") || essence.endsWith("+json");
    }

    private static String jsonProblem(String text) {
        try {
            JSON.readTree(text);
            return null;
        } catch (JacksonException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ") + at;
        }
    }
}
