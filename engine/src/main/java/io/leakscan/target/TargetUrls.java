package io.leakscan.target;

import java.net.Inet4Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Validation of a target's base URL: absolute http or https, a host, no userinfo, at most 2048 characters. The scan
 * API uses it to reject a request up front; preflight uses it again because the CLI skips the API.
 */
public final class TargetUrls {

    public static final int MAX_LENGTH = 2048;

    private TargetUrls() {
    }

    /** Thrown with a message that names what is wrong with the URL. */
    public static final class InvalidTargetUrlException extends IllegalArgumentException {
        public InvalidTargetUrlException(String message) {
            super(message);
        }
    }

    public static URI validate(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidTargetUrlException("the target URL is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw new InvalidTargetUrlException("the target URL is " + url.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        try {
            return validate(new URI(url));
        } catch (URISyntaxException e) {
            throw new InvalidTargetUrlException("the target URL is not a valid URI: " + e.getMessage());
        }
    }

    public static URI validate(URI url) {
        if (url == null) {
            throw new InvalidTargetUrlException("the target URL is empty");
        }
        String text = url.toString();
        if (text.length() > MAX_LENGTH) {
            throw new InvalidTargetUrlException("the target URL is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (!url.isAbsolute() || url.getScheme() == null) {
            throw new InvalidTargetUrlException("the target URL must be absolute, like http://127.0.0.1:8080");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidTargetUrlException("scheme '" + url.getScheme() + "' is not allowed; use http or https");
        }
        if (url.isOpaque()) {
            throw new InvalidTargetUrlException("the target URL must be of the form " + scheme + "://host[:port]/");
        }
        // getRawAuthority covers server-based and registry-based authorities; getUserInfo only the former
        String authority = url.getRawAuthority();
        if (url.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw new InvalidTargetUrlException("the target URL must not contain user info (user:password@); "
                    + "send credentials as target headers instead");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            if (authority != null) {
                // URI leaves numeric hosts like 0251.0376.0251.0376 unparsed; say what they really are
                String hostPart = authority.replaceFirst(":\\d*$", "");
                try {
                    AddressGuard.checkHostSpelling(hostPart);
                } catch (TargetNotAllowedException e) {
                    throw new InvalidTargetUrlException(e.getMessage());
                }
            }
            throw new InvalidTargetUrlException(authority == null || authority.isEmpty()
                    ? "the target URL has no host"
                    : "'" + authority + "' is not a valid host[:port]");
        }
        int port = url.getPort();
        if (port == 0 || port > 65535) {
            throw new InvalidTargetUrlException("port " + port + " is out of range 1..65535");
        }
        checkHostSpelling(url.getHost());
        return url;
    }

    /**
     * {@link #validate(String)} plus the rule that needs neither a resolver nor a policy: a literal address that is
     * never scanned (link-local, cloud metadata, ...). The scan API applies it at submit, so what preflight would
     * refuse for its spelling or its literal address is a 400 there.
     */
    public static URI validateTarget(String url) {
        URI uri = validate(url);
        IpLiterals.parse(host(uri)).ifPresent(address -> {
            String never = AddressGuard.neverScanned(address);
            if (never != null) {
                throw new InvalidTargetUrlException(IpLiterals.text(address) + " is " + never
                        + " and is never scanned");
            }
        });
        return uri;
    }

    /**
     * Names that are never scanned, legacy numeric IPv4 spellings, and IPv4 addresses written in an IPv6 form (the
     * JDK turns {@code ::ffff:127.0.0.1} into 127.0.0.1 while HTTP clients keep the brackets, so what we check would
     * not be what we connect to).
     */
    private static void checkHostSpelling(String rawHost) {
        String host = AddressGuard.normalize(rawHost);
        try {
            AddressGuard.checkHostSpelling(host);
        } catch (TargetNotAllowedException e) {
            throw new InvalidTargetUrlException(e.getMessage());
        }
        if (host.indexOf(':') >= 0) {
            IpLiterals.parse(host).filter(Inet4Address.class::isInstance)
                    .filter(v4 -> AddressGuard.neverScanned(v4) == null) // else the never-scanned reason says more
                    .ifPresent(v4 -> {
                        throw new InvalidTargetUrlException(host + " is the IPv4-mapped form of "
                                + IpLiterals.text(v4) + "; write the IPv4 address itself");
                    });
        }
    }

    /** The host without IPv6 brackets. */
    public static String host(URI url) {
        return AddressGuard.normalize(url.getHost());
    }

    /** The explicit port, else 80 or 443. */
    public static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}: the "where" in failure messages. */
    public static String hostPort(URI url) {
        String host = host(url);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port(url);
    }
}
