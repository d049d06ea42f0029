package io.leakscan.scan;

import java.net.URI;
import java.util.Locale;

/**
 * {@code scheme://host:port}, lower case with the default port made explicit: the unit of per-target exclusivity.
 * {@code http://Example.com} and {@code http://example.com:80/x} are the same target.
 */
final class TargetKey {

    private TargetKey() {
    }

    static String of(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return scheme + "://" + host + ":" + port;
    }

    /** The key for a filter value: a base URL or a key; null when it is neither. */
    static String parse(String value) {
        if (HttpUrl.Validator.problem(value) != null) {
            return null;
        }
        return of(URI.create(value));
    }
}
