package io.leakscan.inventory;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the scan's headers satisfy an operation's security. A requirement list is satisfied when one of its entries
 * is; an entry when each scheme in it has its header: {@code Authorization} for http, OAuth 2 and OpenID Connect, the
 * named header for an API key in a header, {@code Cookie} for one in a cookie. An API key in the query cannot come from
 * a header, so it needs a value override.
 */
final class SecurityCheck {

    private SecurityCheck() {
    }

    /** Empty when the operation can be called; else why not, in one sentence. */
    static Optional<String> unmet(List<SecurityRequirement> requirements, Map<String, SecurityScheme> schemes,
                                  Set<String> headerNames, ValueOverrides overrides) {
        if (requirements == null || requirements.isEmpty()) {
            return Optional.empty();
        }
        Set<String> have = headerNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (SecurityRequirement entry : requirements) {
            List<String> needs = new ArrayList<>();
            for (String name : entry.keySet()) {
                SecurityScheme scheme = schemes == null ? null : schemes.get(name);
                String need = need(name, scheme);
                boolean met = switch (need) {
                    case String q when q.startsWith("?") -> overrides.value(q.substring(1)).isPresent();
                    default -> have.contains(need.toLowerCase(Locale.ROOT));
                };
                if (!met) {
                    needs.add(need.startsWith("?") ? "the query parameter " + need.substring(1) + " (scheme " + name
                            + ")" : "the " + need + " header (scheme " + name + ")");
                }
            }
            if (needs.isEmpty()) {
                return Optional.empty(); // an empty entry {} makes security optional
            }
            missing.add(String.join(" and ", needs));
        }
        return Optional.of("its security needs " + String.join(", or ", missing) + ", which the scan does not send");
    }

    /** The header name a scheme needs, or {@code ?name} for a query parameter. */
    private static String need(String name, SecurityScheme scheme) {
        if (scheme == null || scheme.getType() == null) {
            return "Authorization";
        }
        return switch (scheme.getType()) {
            case APIKEY -> switch (scheme.getIn() == null ? SecurityScheme.In.HEADER : scheme.getIn()) {
                case HEADER -> scheme.getName() == null ? name : scheme.getName();
                case COOKIE -> "Cookie";
                case QUERY -> "?" + scheme.getName();
            };
            case HTTP, OAUTH2, OPENIDCONNECT, MUTUALTLS -> "Authorization";
        };
    }
}
