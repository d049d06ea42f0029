package io.leakscan.target;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetPolicyTest {

    @Test
    void defaultIsLoopbackOnly() {
        TargetPolicy p = TargetPolicy.loopbackOnly();
        assertThat(p.allowLoopback()).isTrue();
        assertThat(p.allowedHosts()).isEmpty();
        assertThat(p.allowedCidrs()).isEmpty();
    }

    @Test
    void entriesAreSortedIntoHostsAndCidrs() {
        TargetPolicy p = TargetPolicy.parse(false, List.of("API.Internal.", "*.staging.example.com", "10.0.0.0/8",
                "192.168.1.7", "fd00::/8", "[::1]"));
        assertThat(p.allowLoopback()).isFalse();
        assertThat(p.allowedHosts()).containsExactly("api.internal", "*.staging.example.com");
        assertThat(p.allowedCidrs()).extracting(CidrBlock::toString)
                .containsExactly("10.0.0.0/8", "192.168.1.7/32", "fd00::/8", "::1/128");
    }

    @Test
    void everyBadEntryIsNamedInOneError() {
        assertThatThrownBy(() -> TargetPolicy.parse(true, List.of("ok.example", "http://x.example", "10.0.0.1/8",
                "", "bad_host!", "0x0a000001", "user@host", "-lead.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid target allow-list: ")
                .hasMessageContaining("'http://x.example' is a URL; expected a host name, an IP address or a CIDR")
                .hasMessageContaining("'10.0.0.1/8' has host bits set; did you mean 10.0.0.0/8?")
                .hasMessageContaining("empty entry")
                .hasMessageContaining("'bad_host!' is not a host name, an IP address or a CIDR")
                .hasMessageContaining("'0x0a000001' is a non-canonical IPv4 spelling; write it as 10.0.0.1")
                .hasMessageContaining("'user@host' is a URL")
                .hasMessageContaining("'-lead.example' is not a host name")
                .hasMessageNotContaining("ok.example");
    }

    @Test
    void wildcardMatchesSubdomainsOnly() {
        TargetPolicy p = TargetPolicy.parse(true, List.of("*.example.com", "exact.test"));
        assertThat(p.allowsHostName("a.example.com")).isTrue();
        assertThat(p.allowsHostName("a.b.example.com")).isTrue();
        assertThat(p.allowsHostName("example.com")).isFalse();
        assertThat(p.allowsHostName("badexample.com")).isFalse();
        assertThat(p.allowsHostName("EXACT.test")).isTrue();
        assertThat(p.allowsHostName("sub.exact.test")).isFalse();
    }

    @Test
    void nullListsMeanEmpty() {
        TargetPolicy p = new TargetPolicy(true, null, null);
        assertThat(p.allowedHosts()).isEmpty();
        assertThat(p.allowedCidrs()).isEmpty();
        assertThat(TargetPolicy.parse(true, null)).isEqualTo(TargetPolicy.loopbackOnly());
    }
}
