package io.leakscan.cli;

import io.leakscan.target.EndpointRef;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code --data} and {@code --content-type} of one endpoint: the body read (inline or {@code @file}), its type named
 * or detected, and checked the way the target will read it. A body the service would answer with 400 on every request
 * hides the handler's code from the scan, so a malformed JSON body or a body on GET is a usage error, not a scan.
 */
final class BodyInput {

    /** The service's limit on {@code endpoints[].body}, so a body that works locally also works with --server. */
    static final int MAX_BODY_CHARS = 65_536;
    private static final Set<String> NO_BODY = Set.of("GET", "HEAD");
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\\s*;\\s*[^\\r\\n]*)?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BodyInput() {
    }

    /** A body and its content type, both null for none. */
    record Body(String text, String contentType) {
        static final Body NONE = new Body(null, null);
    }

    /**
     * How errors name the inputs: the command line's options, or the config file's keys.
     *
     * @param data a body given inline, {@code --data}
     * @param file a body read from a file, {@code --data @}
     * @param type its media type, {@code --content-type}
     */
    record Words(String data, String file, String type) {
        static final Words OPTIONS = new Words("--data", "--data @", "--content-type");
        static final Words CONFIG_KEYS = new Words("body", "bodyFile ", "contentType");
    }

    static Body of(EndpointRef endpoint, String data, String contentType, Path base, String where) {
        return of(endpoint, data, contentType, base, where, Words.OPTIONS);
    }

    /**
     * @param data        the {@code --data} value or null: inline text, or {@code @FILE} (relative to {@code base})
     * @param contentType the {@code --content-type} value or null (then JSON is detected, and anything else refused)
     * @param where       names the endpoint in errors, e.g. {@code --endpoint "POST /orders"}
     */
    static Body of(EndpointRef endpoint, String data, String contentType, Path base, String where, Words w) {
        if (data == null) {
            if (contentType != null) {
                throw CliException.usage(w.type() + " for " + where + " without " + w.data() + ": there is no body to "
                        + "type");
            }
            return Body.NONE;
        }
        if (NO_BODY.contains(endpoint.method())) {
            throw CliException.usage(w.data() + " for " + where + ": " + endpoint.method() + " requests carry no body; "
                    + "use POST, PUT, PATCH or DELETE");
        }
        String body = data.startsWith("@") ? read(data.substring(1), base, where, w) : data;
        if (body.length() > MAX_BODY_CHARS) {
            throw CliException.usage(w.data() + " for " + where + " is " + body.length() + " characters long; at most "
                    + MAX_BODY_CHARS + " are allowed");
        }
        String type = contentType == null ? null : contentType.strip();
        if (type != null && (type.length() > 200 || !MEDIA_TYPE.matcher(type).matches())) {
            throw CliException.usage("invalid " + w.type() + " '" + contentType + "' for " + where + ": expected a "
                    + "media type such as application/json or application/x-www-form-urlencoded");
        }
        if (type == null) {
            String problem = jsonProblem(body);
            if (problem != null) {
                throw CliException.usage(w.data() + " for " + where + " is not JSON (" + problem + "); name its type "
                        + "with " + w.type() + ", e.g. application/x-www-form-urlencoded");
            }
            return new Body(body, "application/json");
        }
        if (isJson(type)) {
            String problem = jsonProblem(body);
            if (problem != null) {
                throw CliException.usage(w.data() + " for " + where + " is not valid JSON: " + problem);
            }
        }
        return new Body(body, type);
    }

    private static boolean isJson(String mediaType) {
        String essence = mediaType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return essence.equals("application/json") || essence.endsWith("+json");
    }

    /** Null when {@code text} is one JSON value, else where and why it is not (Jackson's line and column). */
    private static String jsonProblem(String text) {
        if (text.isBlank()) {
            return "the body is empty";
        }
        try {
            JSON.readTree(text);
            return null;
        } catch (JacksonException e) {
            String location = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ") + location;
        }
    }

    private static String read(String name, Path base, String where, Words w) {
        if (name.isBlank()) {
            throw CliException.usage(w.data() + " for " + where + ": '@' needs a file name, e.g. @body.json");
        }
        Path file = base.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage("cannot read " + w.file() + name + " for " + where + ": " + file + ": no such file");
        } catch (IOException e) {
            throw CliException.usage("cannot read " + w.file() + name + " for " + where + ": " + Inputs.reason(e));
        }
        if (bytes.length > 4 * MAX_BODY_CHARS) {
            throw CliException.usage(w.file() + name + " for " + where + " is " + bytes.length + " bytes; at most "
                    + MAX_BODY_CHARS + " characters are allowed");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // the engine sends bodies as text: binary payloads (multipart uploads of images) are out of reach
            throw CliException.usage(w.file() + name + " for " + where + " is not UTF-8 text");
        }
    }
}
