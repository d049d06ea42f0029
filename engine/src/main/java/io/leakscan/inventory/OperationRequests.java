package io.leakscan.inventory;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.leakscan.target.Endpoint;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The concrete first request of one operation: its template filled with parameter values, required query parameters
 * (and optional ones the description gives an example for), required header and cookie parameters, and the body.
 */
final class OperationRequests {

    /** Headers the scan itself sets; OpenAPI says parameters with these names are ignored. */
    private static final Set<String> RESERVED_HEADERS = Set.of("accept", "content-type", "authorization");

    private final Components components;
    private final SchemaSampler sampler;
    private final RequestBodies bodies;
    private final ValueOverrides overrides;

    OperationRequests(Components components, SchemaSampler sampler, RequestBodies bodies, ValueOverrides overrides) {
        this.components = components;
        this.sampler = sampler;
        this.bodies = bodies;
        this.overrides = overrides;
    }

    /** The request, or why none can be built. */
    sealed interface Built {
        record Request(Endpoint endpoint) implements Built {
        }

        record Unsupported(String reason) implements Built {
        }
    }

    Built build(String method, String template, List<Parameter> pathItemParams, Operation op,
                List<SecurityRequirement> security) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        for (List<Parameter> list : Arrays.asList(pathItemParams, op.getParameters())) {
            if (list != null) {
                for (Parameter p : list) {
                    Parameter r = resolve(p);
                    if (r != null && r.getName() != null && r.getIn() != null) {
                        params.put(r.getIn() + ":" + r.getName(), r); // an operation's own replaces its path item's
                    }
                }
            }
        }
        String path = template;
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Parameter p : params.values()) {
            boolean required = Boolean.TRUE.equals(p.getRequired()) || "path".equals(p.getIn());
            boolean hasExample = p.getExample() != null || p.getExamples() != null && !p.getExamples().isEmpty();
            if (!required && !hasExample && overrides.value(p.getName()).isEmpty()) {
                continue;
            }
            String value = value(p);
            switch (p.getIn()) {
                case "path" -> path = path.replace("{" + p.getName() + "}", encodePath(value));
                case "query" -> appendQuery(query, p.getName(), value);
                case "header" -> {
                    if (!RESERVED_HEADERS.contains(p.getName().toLowerCase(Locale.ROOT))) {
                        headers.put(p.getName(), value);
                    }
                }
                case "cookie" -> cookies.add(p.getName() + "=" + value);
                default -> {
                }
            }
        }
        queryApiKeys(security).forEach(name -> overrides.value(name).ifPresent(v -> appendQuery(query, name, v)));
        if (!cookies.isEmpty()) {
            headers.put("Cookie", String.join("; ", cookies));
        }
        RequestBodies.Body body = bodies.build(op.getRequestBody());
        if (body.unsupported() != null) {
            return new Built.Unsupported(body.unsupported());
        }
        String target = query.isEmpty() ? path : path + "?" + query;
        return new Built.Request(new Endpoint(method, target, body.text(), body.contentType(), headers));
    }

    /** The parameter's example, first named example, else its schema's (example, default, enum, type and format). */
    private String value(Parameter p) {
        if (overrides.value(p.getName()).isPresent()) {
            return overrides.value(p.getName()).get();
        }
        if (p.getExample() != null) {
            return SampleValues.text(SampleValues.tree(p.getExample()));
        }
        if (p.getExamples() != null) {
            for (Example e : p.getExamples().values()) {
                Example ex = e != null && e.get$ref() != null && components != null && components.getExamples() != null
                        ? components.getExamples().get(SchemaSampler.refName(e.get$ref())) : e;
                if (ex != null && ex.getValue() != null) {
                    return SampleValues.text(SampleValues.tree(ex.getValue()));
                }
            }
        }
        if (p.getSchema() == null && p.getContent() != null && !p.getContent().isEmpty()) {
            var media = p.getContent().values().iterator().next();
            return media == null ? SampleValues.TEXT : sampler.sample(media.getSchema(), p.getName()).toString();
        }
        return SampleValues.text(sampler.sample(p.getSchema(), p.getName()));
    }

    private List<String> queryApiKeys(List<SecurityRequirement> security) {
        List<String> names = new ArrayList<>();
        Map<String, SecurityScheme> schemes = components == null ? null : components.getSecuritySchemes();
        if (security == null || schemes == null) {
            return names;
        }
        for (SecurityRequirement entry : security) {
            for (String scheme : entry.keySet()) {
                SecurityScheme s = schemes.get(scheme);
                if (s != null && s.getType() == SecurityScheme.Type.APIKEY && s.getIn() == SecurityScheme.In.QUERY
                        && !names.contains(s.getName())) {
                    names.add(s.getName());
                }
            }
        }
        return names;
    }

    private Parameter resolve(Parameter p) {
        if (p != null && p.get$ref() != null) {
            return components == null || components.getParameters() == null ? null
                    : components.getParameters().get(SchemaSampler.refName(p.get$ref()));
        }
        return p;
    }

    private static void appendQuery(StringBuilder query, String name, String value) {
        query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
