package io.leakscan.inventory;

import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;

import java.util.Map;
import java.util.Optional;

/**
 * The user's values in place of generated ones.
 *
 * @param values   by name: a path, query or header parameter, or a property of a synthesized body, gets this value
 *                 wherever it appears (converted to the schema's type when it is a number or a boolean)
 * @param requests by route ({@code POST /api/v1/orders}): the whole request to send instead of the generated one
 */
public record ValueOverrides(Map<String, String> values, Map<EndpointRef, Endpoint> requests) {

    public static final ValueOverrides NONE = new ValueOverrides(Map.of(), Map.of());

    public ValueOverrides {
        values = values == null ? Map.of() : Map.copyOf(values);
        requests = requests == null ? Map.of() : Map.copyOf(requests);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
