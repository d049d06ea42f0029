package io.leakscan.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrBlockTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(textBlock = """
            10.0.0.0/8,        10.0.0.0,        true
            10.0.0.0/8,        10.255.255.255,  true
            10.0.0.0/8,        11.0.0.0,        false
            10.0.0.0/8,        9.255.255.255,   false
            172.16.0.0/12,     172.31.255.255,  true
            172.16.0.0/12,     172.32.0.0,      false
            192.168.1.128/25,  192.168.1.128,   true
            192.168.1.128/25,  192.168.1.127,   false
            192.168.1.7,       192.168.1.7,     true
            192.168.1.7,       192.168.1.8,     false
            0.0.0.0/0,         255.255.255.255, true
            0.0.0.0/0,         ::1,             false
            fd00::/8,          fdff:ffff::1,    true
            fd00::/8,          fc00::1,         false
            2001:db8::/32,     2001:db8:ffff::, true
            2001:db8::/32,     2001:db9::,      false
            2001:db8::/127,    2001:db8::1,     true
            2001:db8::/127,    2001:db8::2,     false
            ::/0,              fe80::1,         true
            ::/0,              10.0.0.1,        false
            ::1,               ::1,             true
            """)
    void containment(String cidr, String address, boolean expected) throws Exception {
        assertThat(CidrBlock.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void singleAddressesBecomeFullLengthBlocks() {
        assertThat(CidrBlock.parse("192.168.1.7")).hasToString("192.168.1.7/32");
        assertThat(CidrBlock.parse("[fd00:ec2::1]")).hasToString("fd00:ec2::1/128");
        assertThat(CidrBlock.parse(" 10.0.0.0/8 ").prefixLength()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10.0.0.1/8         | has host bits set; did you mean 10.0.0.0/8?
            fd00::1/8          | has host bits set; did you mean fd00::/8?
            10.0.0.0/33        | prefix length 33 exceeds 32 bits
            fd00::/129         | prefix length 129 exceeds 128 bits
            10.0.0.0/-1        | prefix length '-1' is not a number
            10.0.0.0/          | prefix length '' is not a number
            10.0.0.0/abc       | prefix length 'abc' is not a number
            example.com/24     | 'example.com' is not an IPv4 or IPv6 address
            010.0.0.0/8        | '010.0.0.0' is not an IPv4 or IPv6 address
            10.0.0/8           | '10.0.0' is not an IPv4 or IPv6 address
            256.0.0.0/8        | '256.0.0.0' is not an IPv4 or IPv6 address
            fe80::1%eth0/64    | 'fe80::1%eth0' is not an IPv4 or IPv6 address
            """)
    void badBlocksAreRejectedWithTheReason(String text, String message) {
        assertThatThrownBy(() -> CidrBlock.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void emptyIsRejected() {
        assertThatThrownBy(() -> CidrBlock.parse(" ")).hasMessage("empty CIDR");
        assertThatThrownBy(() -> CidrBlock.parse(null)).hasMessage("empty CIDR");
    }
}
