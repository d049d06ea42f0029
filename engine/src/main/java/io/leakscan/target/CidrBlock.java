package io.leakscan.target;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fd12:3456::/48}. An IPv4 block never matches an IPv6
 * address and vice versa (IPv4-mapped IPv6 addresses arrive here already as IPv4: the JDK converts them).
 */
public record CidrBlock(InetAddress network, int prefixLength) {

    public CidrBlock {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + bits);
        }
        byte[] bytes = network.getAddress();
        if (hasHostBits(bytes, prefixLength)) {
            throw new IllegalArgumentException(IpLiterals.text(network) + "/" + prefixLength + " has host bits set");
        }
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7} (a /32), {@code fd00::/8} or {@code ::1} (a /128). Never touches
     * DNS; host bits must be zero so a typo like {@code 10.0.0.1/8} is caught instead of silently widened.
     */
    public static CidrBlock parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = IpLiterals.parse(addressPart).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a CIDR: '" + addressPart + "' is not an IPv4 or IPv6 address"));
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixPart = s.substring(slash + 1);
            if (!prefixPart.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix length '" + prefixPart
                        + "' is not a number");
            }
            prefix = Integer.parseInt(prefixPart);
            if (prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix length " + prefix
                        + " exceeds " + bits + " bits");
            }
        }
        if (hasHostBits(address.getAddress(), prefix)) {
            InetAddress masked = mask(address, prefix);
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                    + IpLiterals.text(masked) + "/" + prefix + "?");
        }
        return new CidrBlock(address, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] net = network.getAddress();
        return candidate.length == net.length && sameNetwork(net, candidate, prefixLength);
    }

    @Override
    public String toString() {
        return IpLiterals.text(network) + "/" + prefixLength;
    }

    private static boolean sameNetwork(byte[] a, byte[] b, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (b[full] & m);
    }

    private static boolean hasHostBits(byte[] bytes, int prefix) {
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return IpLiterals.fromBytes(bytes);
    }
}
