package io.leakscan.target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralsTest {

    @ParameterizedTest(name = "inet_aton({0}) = {1}")
    @CsvSource(textBlock = """
            2852039166,          169.254.169.254
            0xA9FEA9FE,          169.254.169.254
            0XA9FEA9FE,          169.254.169.254
            0251.0376.0251.0376, 169.254.169.254
            0xa9.0xfe.0xa9.0xfe, 169.254.169.254
            0251.254.0xa9.254,   169.254.169.254
            169.254.43518,       169.254.169.254
            169.16689662,        169.254.169.254
            127.1,               127.0.0.1
            0177.0.0.1,          127.0.0.1
            017700000001,        127.0.0.1
            0,                   0.0.0.0
            0x,                  0.0.0.0
            4294967295,          255.255.255.255
            """)
    void legacySpellingsDecodeLikeInetAton(String text, String expected) throws Exception {
        assertThat(IpLiterals.parseInetAton(text)).contains(InetAddress.getByName(expected));
    }

    @ParameterizedTest(name = "{0} is a host name, not a number")
    @ValueSource(strings = {"4294967296", "256.1.1.1", "1.256.1.1", "1.2.65536", "1.2.3.4.5", "08.1.1.1",
            "0x1ffffffff", "deadbeef", "example.com", "1e100", "1..2", ".1.2.3", "1.2.3.", "", "0xg"})
    void nonNumbersAreNames(String text) {
        assertThat(IpLiterals.parseInetAton(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is a canonical literal")
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "[::1]", "fd00:ec2::254",
            "64:ff9b::169.254.169.254", "::ffff:10.0.0.1", "2001:DB8::1"})
    void canonicalLiterals(String text) {
        assertThat(IpLiterals.parse(text)).isPresent();
    }

    @ParameterizedTest(name = "{0} is not a canonical literal")
    @ValueSource(strings = {"127.1", "0177.0.0.1", "2852039166", "01.2.3.4", "1.2.3.256", "localhost", "zz::1",
            "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "::1%1", "[::1", "", "1.2.3.4.5"})
    void notCanonicalLiterals(String text) {
        assertThat(IpLiterals.parse(text)).isEmpty();
    }
}
