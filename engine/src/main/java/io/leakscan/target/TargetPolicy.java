package io.leakscan.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which targets may be scanned. Loopback is allowed by default (self-hosted: scan what runs on this machine);
 * anything else must be allow-listed by host name or CIDR. Link-local, cloud-metadata and unspecified addresses are
 * refused by {@link AddressGuard} whatever this policy says.
 *
 * <p>An allow-listed <em>name</em> admits the public and private addresses it resolves to, but never loopback when
 * {@code allowLoopback} is false: otherwise a name under someone else's DNS control could rebind to the scanner's
 * own machine. Loopback is admitted only by {@code allowLoopback} or an explicit CIDR such as {@code 127.0.0.0/8}.
 *
 * @param allowLoopback 127.0.0.0/8 and ::1
 * @param allowedHosts  lower-case host names; {@code *.example.com} matches every name below example.com (not
 *                      example.com itself)
 * @param allowedCidrs  IPv4 and IPv6 networks
 */
public record TargetPolicy(boolean allowLoopback, List<String> allowedHosts, List<CidrBlock> allowedCidrs) {

    public TargetPolicy {
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    /** Loopback only: the default for a self-hosted scanner. */
    public static TargetPolicy loopbackOnly() {
        return new TargetPolicy(true, List.of(), List.of());
    }

    /**
     * Builds a policy from configuration strings, each a host name ({@code api.internal}), a wildcard
     * ({@code *.staging.example.com}), an IP address ({@code 10.1.2.3}, {@code fd00::7}) or a CIDR
     * ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException naming every bad entry and why
     */
    public static TargetPolicy parse(boolean allowLoopback, List<String> entries) {
        List<String> hosts = new ArrayList<>();
        List<CidrBlock> cidrs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String raw : entries == null ? List.<String>of() : entries) {
            try {
                Entry entry = parseEntry(raw);
                if (entry.cidr() != null) {
                    cidrs.add(entry.cidr());
                } else {
                    hosts.add(entry.host());
                }
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid target allow-list: " + String.join("; ", errors));
        }
        return new TargetPolicy(allowLoopback, hosts, cidrs);
    }

    /** True when {@code host} (lower case, no trailing dot) is allow-listed by name. */
    public boolean allowsHostName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private record Entry(String host, CidrBlock cidr) {
    }

    private static Entry parseEntry(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("empty entry");
        }
        String s = raw.strip();
        if (s.contains("://") || s.contains("@")) {
            throw new IllegalArgumentException("'" + raw + "' is a URL; expected a host name, an IP address or a CIDR");
        }
        if (s.indexOf('/') >= 0 || s.indexOf(':') >= 0 || IpLiterals.isCanonicalIpv4(s)) {
            return new Entry(null, CidrBlock.parse(s));
        }
        if (IpLiterals.parseInetAton(s).isPresent()) {
            throw new IllegalArgumentException("'" + raw + "' is a non-canonical IPv4 spelling; write it as "
                    + IpLiterals.text(IpLiterals.parseInetAton(s).orElseThrow()));
        }
        String host = s.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (!isHostName(name)) {
            throw new IllegalArgumentException("'" + raw + "' is not a host name, an IP address or a CIDR");
        }
        return new Entry(host, null);
    }

    static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!label.matches("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")) {
                return false;
            }
        }
        return true;
    }
}
