package io.leakscan.inventory;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route filter: {@code "DELETE /api/v1/*"}, {@code "/admin/*"} (any method) or {@code "GET|HEAD /users/*"}. In the
 * path, {@code *} matches any run of characters including '/', {@code ?} one character; it is matched against both the
 * Echo route ({@code /users/:id}) and the description's template ({@code /users/{id}}).
 */
record RouteGlob(String text, String methods, Pattern path) {

    private static final Pattern SYNTAX = Pattern.compile("(?:([A-Za-z*|]+)\\s+)?(/\\S*)");

    static RouteGlob parse(String kind, String value) {
        Matcher m = value == null ? null : SYNTAX.matcher(value.strip());
        if (m == null || !m.matches()) {
            throw InventoryException.glob(kind, "invalid " + kind + " glob '" + value + "': expected \"METHOD /path\" or "
                    + "\"/path\" with * for any characters, e.g. \"DELETE /api/v1/*\"");
        }
        String methods = m.group(1) == null || m.group(1).equals("*") ? null : m.group(1).toUpperCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        for (char c : m.group(2).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new RouteGlob(value.strip(), methods, Pattern.compile(regex.toString()));
    }

    boolean matches(String method, String route, String template) {
        if (methods != null && !("|" + methods + "|").contains("|" + method + "|")) {
            return false;
        }
        return path.matcher(route).matches() || path.matcher(template).matches();
    }
}
