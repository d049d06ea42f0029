package io.leakscan.target;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/** IP address literals without DNS, and the legacy IPv4 spellings that resolvers disagree on. */
final class IpLiterals {

    private IpLiterals() {
    }

    /**
     * The address a canonical literal denotes: dotted-decimal IPv4 ({@code 127.0.0.1}) or IPv6 with or without
     * brackets. Anything else, including {@code 0177.0.0.1} and {@code 2852039166}, is not a canonical literal.
     */
    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf('%') >= 0) {
            return Optional.empty(); // zone ids only make sense for link-local addresses, which are refused anyway
        }
        if (s.indexOf(':') >= 0) {
            if (!s.matches("[0-9A-Fa-f:.]+")) {
                return Optional.empty();
            }
            try {
                // brackets make the JDK parse an IPv6 literal or fail, never look the text up
                return Optional.of(fromBytes(InetAddress.getByName("[" + s + "]").getAddress()));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return isCanonicalIpv4(s) ? Optional.of(fromBytes(NetUtil.createByteArrayFromIpAddressString(s)))
                : Optional.empty();
    }

    /** RFC 5952 text: {@code fd00:ec2::254}, not the JDK's {@code fd00:ec2:0:0:0:0:0:254}. */
    static String text(InetAddress address) {
        return NetUtil.toAddressString(address);
    }

    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes); // 4 or 16 bytes: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", e);
        }
    }

    /** Four decimal parts 0..255 without leading zeros. */
    static boolean isCanonicalIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a host the way BSD {@code inet_aton} does (glibc, curl, Go's old parser, many proxies): one to four
     * parts, each decimal, octal with a leading 0 or hex with 0x, the last part filling the remaining bytes. So
     * {@code 2852039166}, {@code 0xA9FEA9FE} and {@code 0251.0376.0251.0376} all mean 169.254.169.254. Returns empty
     * when the text is not such a number (then it is a host name).
     */
    static Optional<InetAddress> parseInetAton(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !s.matches("[0-9a-fx.]+") || !Character.isDigit(s.charAt(0))) {
            return Optional.empty();
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = partValue(parts[i]);
            if (v == null) {
                return Optional.empty();
            }
            values[i] = v;
        }
        int last = parts.length - 1;
        long lastMax = 1L << (8 * (4 - last));
        for (int i = 0; i < last; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
        }
        if (values[last] >= lastMax) {
            return Optional.empty();
        }
        long address = values[last];
        for (int i = 0; i < last; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        return Optional.of(fromBytes(bytes));
    }

    private static Long partValue(String p) {
        try {
            if (p.startsWith("0x")) {
                String hex = p.substring(2);
                if (hex.length() > 8 || !hex.matches("[0-9a-f]*")) {
                    return null;
                }
                return hex.isEmpty() ? 0L : Long.parseLong(hex, 16);
            }
            if (p.length() > 1 && p.startsWith("0")) {
                return p.matches("[0-7]{1,12}") ? Long.parseLong(p, 8) : null;
            }
            return p.matches("\\d{1,10}") ? Long.parseLong(p) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
