package io.leakscan.webhook;

import io.leakscan.target.AddressGuard;
import io.leakscan.target.CidrBlock;
import io.leakscan.target.HostResolver;
import io.leakscan.target.TargetNotAllowedException;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetUrls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where webhooks may go. The rule is the inverse of the scan targets' one: public addresses are fine, loopback and
 * private networks are refused unless {@code leakscan.webhooks.allow-private-destinations} is set, and link-local and
 * cloud metadata addresses are refused always. It is checked twice: on the URL when a subscription is saved (a clear
 * 400), and on the resolved address at every connect, through the target module's {@link AddressGuard} and its
 * Netty resolver, so a name that later resolves to 10.0.0.7 or 169.254.169.254 is refused then.
 */
final class DestinationGuard {

    /** Networks that are not public, with what to call them. {@code always}: refused even when private is allowed. */
    record Range(CidrBlock block, String what, boolean always) {
        static Range of(String cidr, String what, boolean always) {
            return new Range(CidrBlock.parse(cidr), what, always);
        }
    }

    static final List<Range> NON_PUBLIC = List.of(
            Range.of("169.254.169.254/32", "the cloud metadata address", true),
            Range.of("100.100.100.200/32", "a cloud metadata address (Alibaba Cloud)", true),
            Range.of("fd00:ec2::254/128", "a cloud metadata address (AWS)", true),
            Range.of("169.254.0.0/16", "a link-local address", true),
            Range.of("fe80::/10", "a link-local address", true),
            Range.of("0.0.0.0/8", "an unspecified address", true),
            Range.of("::/128", "an unspecified address", true),
            Range.of("224.0.0.0/4", "a multicast address", true),
            Range.of("ff00::/8", "a multicast address", true),
            Range.of("127.0.0.0/8", "a loopback address", false),
            Range.of("::1/128", "a loopback address", false),
            Range.of("10.0.0.0/8", "a private network address", false),
            Range.of("172.16.0.0/12", "a private network address", false),
            Range.of("192.168.0.0/16", "a private network address", false),
            Range.of("100.64.0.0/10", "a carrier-grade NAT address", false),
            Range.of("fc00::/7", "a unique-local (private) IPv6 address", false),
            Range.of("192.0.0.0/24", "an IETF protocol address", false),
            Range.of("192.0.2.0/24", "a documentation address", false),
            Range.of("198.51.100.0/24", "a documentation address", false),
            Range.of("203.0.113.0/24", "a documentation address", false),
            Range.of("2001:db8::/32", "a documentation address", false),
            Range.of("192.88.99.0/24", "a 6to4 relay address", false),
            Range.of("2002::/16", "a 6to4 address", false),
            Range.of("2001::/32", "a Teredo address", false),
            Range.of("198.18.0.0/15", "a benchmarking address", false),
            Range.of("240.0.0.0/4", "a reserved address", false));

    private static final CidrBlock IPV6_GLOBAL_UNICAST = CidrBlock.parse("2000::/3");

    private final boolean allowPrivate;
    private final HostResolver resolver;
    private final AddressGuard connectGuard;

    DestinationGuard(boolean allowPrivate, HostResolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        // The target module's guard runs at connect time: with this policy it admits exactly the public addresses
        // (or everything but link-local/metadata when private ones are allowed); the wrapped resolver gives refusals
        // that name the webhook rule instead of the scanner's allow-list.
        this.connectGuard = new AddressGuard(policy(allowPrivate), this::resolveChecked);
    }

    boolean allowPrivate() {
        return allowPrivate;
    }

    /** The guard for {@link io.leakscan.target.GuardedAddressResolverGroup}: every connect goes through it. */
    AddressGuard connectGuard() {
        return connectGuard;
    }

    /**
     * Checks a destination URL as given by a user: form (absolute http/https, a host, no user info, at most 2048
     * characters) and every address its host resolves to now.
     *
     * @throws IllegalArgumentException with a sentence fit for a 400
     */
    URI validate(String url) {
        URI uri;
        try {
            uri = TargetUrls.validate(url);
        } catch (TargetUrls.InvalidTargetUrlException e) {
            throw new IllegalArgumentException(e.getMessage().replace("the target URL", "the URL"));
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the URL must not contain a fragment (#...)");
        }
        String host = TargetUrls.host(uri);
        try {
            connectGuard.checkHostName(host);
            connectGuard.permitted(host, resolveChecked(host));
        } catch (TargetNotAllowedException e) {
            throw new IllegalArgumentException(e.getMessage().replace("never scanned", "never allowed"));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host + " does not resolve to any address");
        }
        return uri;
    }

    /** Why {@code address} may not receive webhooks ("10.0.0.7 is a private network address ..."), or null. */
    String refusal(InetAddress address) {
        String why = why(address);
        return why == null ? null : text(address) + " " + why;
    }

    /** "is a private network address (10.0.0.0/8); webhooks go to ...", or null when allowed. */
    private String why(InetAddress address) {
        for (Range r : NON_PUBLIC) {
            if ((r.always() || !allowPrivate) && r.block().contains(address)) {
                return "is " + r.what() + " (" + r.block() + ")"
                        + (r.always() ? "; never a webhook destination" : "; " + PRIVATE_RULE);
            }
        }
        if (!allowPrivate && address.getAddress().length == 16 && !IPV6_GLOBAL_UNICAST.contains(address)) {
            return "is not a global unicast IPv6 address; " + PRIVATE_RULE;
        }
        return null;
    }

    private static final String PRIVATE_RULE = "webhooks go to public addresses only unless "
            + "leakscan.webhooks.allow-private-destinations is true";

    private List<InetAddress> resolveChecked(String host) throws UnknownHostException {
        List<InetAddress> addresses = literal(host).map(List::of).orElse(null);
        if (addresses == null) {
            addresses = resolver.resolve(host);
        }
        for (InetAddress a : addresses) {
            String why = why(a);
            if (why != null) {
                throw new TargetNotAllowedException(host, literal(host).isPresent() ? text(a) + " " + why
                        : host + " resolves to " + text(a) + ", which " + why);
            }
        }
        return addresses;
    }

    private static Optional<InetAddress> literal(String host) {
        try {
            return Optional.of(CidrBlock.parse(host).network());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Everything when private destinations are allowed; otherwise the complement of {@link #NON_PUBLIC}. */
    static TargetPolicy policy(boolean allowPrivate) {
        if (allowPrivate) {
            return new TargetPolicy(true, List.of(),
                    List.of(CidrBlock.parse("0.0.0.0/0"), CidrBlock.parse("::/0")));
        }
        List<CidrBlock> v4 = NON_PUBLIC.stream().map(Range::block)
                .filter(b -> b.network().getAddress().length == 4).toList();
        List<CidrBlock> v6 = NON_PUBLIC.stream().map(Range::block)
                .filter(b -> b.network().getAddress().length == 16).toList();
        List<CidrBlock> allowed = new ArrayList<>(complement(CidrBlock.parse("0.0.0.0/0"), v4));
        allowed.addAll(complement(IPV6_GLOBAL_UNICAST, v6));
        return new TargetPolicy(false, List.of(), allowed);
    }

    /** The blocks that cover {@code universe} minus {@code excluded}: split in halves until each is clean. */
    static List<CidrBlock> complement(CidrBlock universe, List<CidrBlock> excluded) {
        List<CidrBlock> out = new ArrayList<>();
        split(universe, excluded, out);
        return out;
    }

    private static void split(CidrBlock block, List<CidrBlock> excluded, List<CidrBlock> out) {
        boolean overlaps = false;
        for (CidrBlock e : excluded) {
            if (e.prefixLength() <= block.prefixLength() && e.contains(block.network())) {
                return; // wholly excluded
            }
            if (e.prefixLength() > block.prefixLength() && block.contains(e.network())) {
                overlaps = true;
            }
        }
        if (!overlaps) {
            out.add(block);
            return;
        }
        int bits = block.network().getAddress().length * 8;
        int prefix = block.prefixLength() + 1;
        BigInteger base = new BigInteger(1, block.network().getAddress());
        BigInteger upper = base.setBit(bits - prefix);
        split(new CidrBlock(toAddress(base, bits), prefix), excluded, out);
        split(new CidrBlock(toAddress(upper, bits), prefix), excluded, out);
    }

    private static InetAddress toAddress(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address without the JDK's "name/" prefix. */
    private static String text(InetAddress a) {
        return a.getHostAddress();
    }
}
