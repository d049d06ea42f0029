package io.leakscan.target;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, on resolved addresses, whether Leakscan may send traffic there. Used at preflight and by
 * {@link GuardedAddressResolverGroup} at every connect, so DNS rebinding cannot slip past it.
 *
 * <p>Never scanned, whatever the allow-list says: unspecified (0.0.0.0/8, ::), link-local (169.254.0.0/16,
 * fe80::/10), cloud metadata (169.254.169.254, fd00:ec2::254, 100.100.100.200, metadata.google.internal),
 * multicast and broadcast, and IPv6 forms that embed one of those IPv4 addresses (IPv4-mapped and -compatible,
 * SIIT, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32). Host names written as legacy
 * numbers ({@code 2852039166}, {@code 0xA9FEA9FE}, {@code 0251.0376.0251.0376}) are refused outright: resolvers
 * disagree on what they mean (the JDK reads {@code 0177.0.0.1} as 177.0.0.1, glibc as 127.0.0.1), so what we check
 * might not be what the socket connects to. Then loopback (when the policy allows it) and allow-listed addresses
 * and names are allowed; everything else is refused.
 */
public final class AddressGuard {

    private static final Set<String> METADATA_HOST_NAMES = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");
    private static final InetAddress AWS_METADATA_V6 = IpLiterals.parse("fd00:ec2::254").orElseThrow();

    private final TargetPolicy policy;
    private final HostResolver resolver;

    public AddressGuard(TargetPolicy policy) {
        this(policy, HostResolver.SYSTEM);
    }

    public AddressGuard(TargetPolicy policy, HostResolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public TargetPolicy policy() {
        return policy;
    }

    /** One address's verdict; {@code reason} is a sentence fit for the user either way. */
    public record Decision(boolean allowed, String reason) {
    }

    /**
     * Resolves {@code host} (a name or an IP literal, brackets allowed) and returns the addresses that may be
     * contacted.
     *
     * @throws TargetNotAllowedException when the name itself is refused, when any address it resolves to is never
     *                                   scanned, or when none is allowed
     * @throws UnknownHostException      when the name does not resolve
     */
    public List<InetAddress> authorize(String host) throws UnknownHostException {
        String h = normalize(host);
        checkHostName(h);
        Optional<InetAddress> literal = IpLiterals.parse(h);
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(h);
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(h + ": no addresses");
        }
        return permitted(h, addresses);
    }

    /**
     * The part of {@link #authorize} that needs no resolver, for checks at submit: a literal address is judged now,
     * by the policy; a name only by its spelling (what it resolves to is checked at connect, every time).
     *
     * @throws TargetNotAllowedException with a sentence fit for the user
     */
    public void checkWithoutLookup(String host) {
        String h = normalize(host);
        checkHostSpelling(h);
        Optional<InetAddress> literal = IpLiterals.parse(h);
        if (literal.isPresent()) {
            Decision d = decide(h, literal.get());
            if (!d.allowed()) {
                throw new TargetNotAllowedException(h, d.reason());
            }
        }
    }

    /**
     * Refuses host names that are never scanned (cloud metadata names) or that are legacy numeric IPv4 spellings.
     */
    public void checkHostName(String host) {
        checkHostSpelling(host);
    }

    /** {@link #checkHostName}'s rule, which needs no policy: the scan API applies it at submit too. */
    static void checkHostSpelling(String host) {
        String h = normalize(host);
        if (h.isEmpty()) {
            throw new TargetNotAllowedException(h, "the target URL has no host");
        }
        if (METADATA_HOST_NAMES.contains(h)) {
            throw new TargetNotAllowedException(h, h + " is a cloud metadata host and is never scanned");
        }
        if (IpLiterals.parse(h).isEmpty()) {
            Optional<InetAddress> legacy = IpLiterals.parseInetAton(h);
            if (legacy.isPresent()) {
                InetAddress a = legacy.get();
                String never = neverScanned(a);
                throw new TargetNotAllowedException(h, never != null
                        ? h + " is a numeric spelling of " + IpLiterals.text(a) + ", " + never
                        + ", which is never scanned"
                        : h + " is a non-canonical numeric IPv4 spelling (most resolvers read it as "
                        + IpLiterals.text(a) + "); write the address in dotted-decimal form");
            }
        }
    }

    /**
     * Keeps the addresses of {@code host} that may be contacted, in order.
     *
     * @throws TargetNotAllowedException when any address is never scanned (a name pointing there is hostile or
     *                                   misconfigured) or when none is allowed
     */
    public List<InetAddress> permitted(String host, List<InetAddress> addresses) {
        String h = normalize(host);
        List<InetAddress> allowed = new ArrayList<>();
        Decision firstRefusal = null;
        for (InetAddress a : addresses) {
            String never = neverScanned(a);
            if (never != null) {
                throw new TargetNotAllowedException(h, describe(h, a) + never + " and is never scanned");
            }
            Decision d = decide(h, a);
            if (d.allowed()) {
                allowed.add(a);
            } else if (firstRefusal == null) {
                firstRefusal = d;
            }
        }
        if (allowed.isEmpty()) {
            throw new TargetNotAllowedException(h, firstRefusal != null ? firstRefusal.reason()
                    : h + " resolved to no addresses");
        }
        return List.copyOf(allowed);
    }

    /** The verdict on one resolved address of {@code host} ({@code host} may be the literal itself). */
    public Decision decide(String host, InetAddress address) {
        String h = normalize(host);
        String subject = describe(h, address);
        String never = neverScanned(address);
        if (never != null) {
            return new Decision(false, subject + never + " and is never scanned");
        }
        for (CidrBlock cidr : policy.allowedCidrs()) {
            if (cidr.contains(address)) {
                return new Decision(true, subject + "in the allow-list (" + cidr + ")");
            }
        }
        if (address.isLoopbackAddress()) {
            return policy.allowLoopback()
                    ? new Decision(true, subject + "a loopback address")
                    : new Decision(false, subject + "a loopback address and loopback targets are not allowed "
                    + "by this scanner's policy");
        }
        boolean isName = IpLiterals.parse(h).isEmpty();
        if (isName && policy.allowsHostName(h)) {
            return new Decision(true, h + " is in the allow-list");
        }
        return new Decision(false, subject + "not a loopback address and not in the target allow-list; "
                + "add the host name or a CIDR to the allow-list to scan it");
    }

    /** "169.254.169.254 is " or "evil.example resolves to 169.254.169.254, ". */
    private static String describe(String host, InetAddress a) {
        String text = IpLiterals.text(a);
        boolean literal = IpLiterals.parse(host).map(a::equals).orElse(false);
        return literal || host.isEmpty() ? text + " is " : host + " resolves to " + text + ", which is ";
    }

    /** Why {@code a} is never scanned ("a link-local address"), or null. */
    static String neverScanned(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return neverScannedV4(b);
        }
        if (isZero(b, 0, 16)) {
            return "an unspecified address";
        }
        if (a.equals(AWS_METADATA_V6)) {
            return "a cloud metadata address (AWS)";
        }
        if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0x80) {
            return "a link-local address";
        }
        if ((b[0] & 0xFF) == 0xFF) {
            return "a multicast address";
        }
        for (Embedded e : embeddedIpv4(b)) {
            String inner = neverScannedV4(e.ipv4());
            if (inner != null) {
                return "the " + e.form() + " form of " + IpLiterals.text(IpLiterals.fromBytes(e.ipv4())) + ", "
                        + inner + ",";
            }
        }
        return null;
    }

    private static String neverScannedV4(byte[] b) {
        int b0 = b[0] & 0xFF, b1 = b[1] & 0xFF, b2 = b[2] & 0xFF, b3 = b[3] & 0xFF;
        if (b0 == 0) {
            return "an unspecified address"; // 0.0.0.0/8 "this network"; Linux connects 0.0.0.0 to itself
        }
        if (b0 == 169 && b1 == 254) {
            return b2 == 169 && b3 == 254 ? "a link-local/cloud metadata address" : "a link-local address";
        }
        if (b0 == 100 && b1 == 100 && b2 == 100 && b3 == 200) {
            return "a cloud metadata address (Alibaba Cloud)";
        }
        if (b0 >= 224 && b0 <= 239) {
            return "a multicast address";
        }
        if (b0 == 255 && b1 == 255 && b2 == 255 && b3 == 255) {
            return "the broadcast address";
        }
        return null;
    }

    private record Embedded(String form, byte[] ipv4) {
    }

    /** IPv4 addresses an IPv6 address carries in its transition forms; they reach the IPv4 address in practice. */
    private static List<Embedded> embeddedIpv4(byte[] b) {
        List<Embedded> out = new ArrayList<>();
        byte[] last32 = {b[12], b[13], b[14], b[15]};
        if (isZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            out.add(new Embedded("IPv4-mapped", last32)); // the JDK already turns these into Inet4Address
        }
        if (isZero(b, 0, 12) && b[12] != 0) { // not ::1 or ::, whose last bytes are 0.0.0.x
            out.add(new Embedded("IPv4-compatible", last32));
        }
        if (isZero(b, 0, 8) && (b[8] & 0xFF) == 0xFF && (b[9] & 0xFF) == 0xFF && isZero(b, 10, 12)) {
            out.add(new Embedded("IPv4-translated (SIIT)", last32));
        }
        if ((b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
            if (isZero(b, 4, 12)) {
                out.add(new Embedded("NAT64", last32));
            } else if ((b[4] & 0xFF) == 0x00 && (b[5] & 0xFF) == 0x01) {
                out.add(new Embedded("NAT64 (local-use)", last32));
            }
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            out.add(new Embedded("6to4", new byte[]{b[2], b[3], b[4], b[5]}));
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x01 && b[2] == 0 && b[3] == 0) {
            out.add(new Embedded("Teredo server", new byte[]{b[4], b[5], b[6], b[7]}));
            out.add(new Embedded("Teredo client", new byte[]{(byte) ~b[12], (byte) ~b[13], (byte) ~b[14],
                    (byte) ~b[15]}));
        }
        return out;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, no brackets, no trailing dot: {@code [::1]} and {@code LOCALHOST.} become {@code ::1}, localhost. */
    static String normalize(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
