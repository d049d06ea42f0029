package io.leakscan.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressGuardTest {

    /** Allows everything that can be allowed: proves the never-scanned set wins over the allow-list. */
    private static final TargetPolicy ALLOW_ALL = TargetPolicy.parse(true, List.of("0.0.0.0/0", "::/0",
            "metadata.google.internal", "*.test"));

    private static final Map<String, List<String>> DNS = Map.of(
            "localhost", List.of("127.0.0.1", "::1"),
            "rebind.test", List.of("169.254.169.254"),
            "mixed.test", List.of("127.0.0.1", "169.254.169.254"),
            "partial.test", List.of("10.0.0.1", "127.0.0.1"),
            "api.internal", List.of("10.1.2.3"),
            "loop.internal", List.of("127.0.0.1"),
            "a.staging.test", List.of("192.168.7.7"),
            "staging.test", List.of("192.168.7.8"));

    /** A resolver from the table above; never touches the network, fails the test if asked about a literal. */
    private static final HostResolver FAKE_DNS = host -> {
        assertThat(IpLiterals.parse(host)).as("literals must not be resolved: %s", host).isEmpty();
        List<String> answers = DNS.get(host);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        return answers.stream().map(a -> IpLiterals.parse(a).orElseThrow()).toList();
    };

    private static AddressGuard guard(TargetPolicy policy) {
        return new AddressGuard(policy, FAKE_DNS);
    }

    @ParameterizedTest(name = "{0} is never scanned")
    @CsvSource(delimiter = '|', textBlock = """
            169.254.169.254                          | 169.254.169.254 is a link-local/cloud metadata address and is never scanned
            [::ffff:169.254.169.254]                 | 169.254.169.254 is a link-local/cloud metadata address and is never scanned
            ::ffff:a9fe:a9fe                         | 169.254.169.254 is a link-local/cloud metadata address and is never scanned
            2852039166                               | 2852039166 is a numeric spelling of 169.254.169.254, a link-local/cloud metadata address, which is never scanned
            0xA9FEA9FE                               | 0xa9fea9fe is a numeric spelling of 169.254.169.254
            0251.0376.0251.0376                      | 0251.0376.0251.0376 is a numeric spelling of 169.254.169.254
            0xa9.0xfe.0xa9.0xfe                      | is a numeric spelling of 169.254.169.254
            169.254.43518                            | is a numeric spelling of 169.254.169.254
            169.16689662                             | is a numeric spelling of 169.254.169.254
            64:ff9b::a9fe:a9fe                       | 64:ff9b::a9fe:a9fe is the NAT64 form of 169.254.169.254, a link-local/cloud metadata address, and is never scanned
            64:ff9b:1::a9fe:a9fe                     | the NAT64 (local-use) form of 169.254.169.254
            2002:a9fe:a9fe::1                        | 2002:a9fe:a9fe::1 is the 6to4 form of 169.254.169.254
            2001:0:4136:e378:8000:63bf:5601:5601     | the Teredo client form of 169.254.169.254
            2001:0:a9fe:a9fe::1                      | the Teredo server form of 169.254.169.254
            ::169.254.169.254                        | the IPv4-compatible form of 169.254.169.254
            ::ffff:0:a9fe:a9fe                       | the IPv4-translated (SIIT) form of 169.254.169.254
            2002:6464:64c8::1                        | the 6to4 form of 100.100.100.200, a cloud metadata address (Alibaba Cloud)
            64:ff9b::169.254.169.254                 | the NAT64 form of 169.254.169.254
            169.254.0.0                              | 169.254.0.0 is a link-local address and is never scanned
            169.254.255.255                          | 169.254.255.255 is a link-local address and is never scanned
            169.254.1.1                              | 169.254.1.1 is a link-local address and is never scanned
            fe80::1                                  | fe80::1 is a link-local address and is never scanned
            [fe80::1]                                | fe80::1 is a link-local address and is never scanned
            febf:ffff::1                             | febf:ffff::1 is a link-local address and is never scanned
            fd00:ec2::254                            | fd00:ec2::254 is a cloud metadata address (AWS) and is never scanned
            [FD00:EC2:0:0:0:0:0:254]                 | fd00:ec2::254 is a cloud metadata address (AWS) and is never scanned
            100.100.100.200                          | 100.100.100.200 is a cloud metadata address (Alibaba Cloud) and is never scanned
            metadata.google.internal                 | metadata.google.internal is a cloud metadata host and is never scanned
            METADATA.Google.Internal.                | metadata.google.internal is a cloud metadata host and is never scanned
            metadata                                 | metadata is a cloud metadata host and is never scanned
            0.0.0.0                                  | 0.0.0.0 is an unspecified address and is never scanned
            0.1.2.3                                  | 0.1.2.3 is an unspecified address and is never scanned
            0                                        | 0 is a numeric spelling of 0.0.0.0, an unspecified address
            ::                                       | :: is an unspecified address and is never scanned
            [::]                                     | :: is an unspecified address and is never scanned
            224.0.0.1                                | 224.0.0.1 is a multicast address and is never scanned
            ff02::1                                  | ff02::1 is a multicast address and is never scanned
            255.255.255.255                          | 255.255.255.255 is the broadcast address and is never scanned
            rebind.test                              | rebind.test resolves to 169.254.169.254, which is a link-local/cloud metadata address and is never scanned
            mixed.test                               | mixed.test resolves to 169.254.169.254, which is a link-local/cloud metadata address and is never scanned
            """)
    void neverScannedWhateverTheAllowListSays(String host, String message) {
        assertThatThrownBy(() -> guard(ALLOW_ALL).authorize(host))
                .isInstanceOf(TargetNotAllowedException.class)
                .hasMessageContaining(message.strip())
                .satisfies(e -> assertThat(((TargetNotAllowedException) e).code())
                        .isEqualTo(FailureCode.TARGET_NOT_ALLOWED));
    }

    @ParameterizedTest(name = "{0} -> 169.254.169.254 is the same address the JDK sees")
    @ValueSource(strings = {"::ffff:169.254.169.254", "::ffff:a9fe:a9fe"})
    void ipv4MappedAddressesAreCheckedAsIpv4(String literal) throws Exception {
        InetAddress viaJdk = InetAddress.getByName(literal); // literal: no lookup
        assertThat(viaJdk.getAddress()).containsExactly(169, 254, 169, 254);
        assertThat(guard(ALLOW_ALL).decide(literal, viaJdk).allowed()).isFalse();
    }

    @ParameterizedTest(name = "{0} is allowed by default")
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST."})
    void loopbackIsAllowedByDefault(String host) throws Exception {
        assertThat(guard(TargetPolicy.loopbackOnly()).authorize(host)).isNotEmpty()
                .allMatch(InetAddress::isLoopbackAddress);
    }

    @ParameterizedTest(name = "{0} is refused when loopback is off")
    @ValueSource(strings = {"127.0.0.1", "::1", "localhost"})
    void loopbackCanBeTurnedOff(String host) {
        assertThatThrownBy(() -> guard(new TargetPolicy(false, List.of(), List.of())).authorize(host))
                .isInstanceOf(TargetNotAllowedException.class)
                .hasMessageContaining("a loopback address and loopback targets are not allowed");
    }

    @ParameterizedTest(name = "{0} is refused unless allow-listed")
    @CsvSource(delimiter = '|', textBlock = """
            8.8.8.8          | 8.8.8.8 is not a loopback address and not in the target allow-list
            10.0.0.1         | 10.0.0.1 is not a loopback address
            192.168.1.10     | 192.168.1.10 is not a loopback address
            172.16.0.1       | 172.16.0.1 is not a loopback address
            100.64.0.1       | 100.64.0.1 is not a loopback address
            fd12:3456::1     | fd12:3456::1 is not a loopback address
            fec0::1          | fec0::1 is not a loopback address
            2001:db8::1      | 2001:db8::1 is not a loopback address
            api.internal     | api.internal resolves to 10.1.2.3, which is not a loopback address and not in the target allow-list; add the host name or a CIDR
            """)
    void everythingElseIsRefusedByDefault(String host, String message) {
        assertThatThrownBy(() -> guard(TargetPolicy.loopbackOnly()).authorize(host))
                .isInstanceOf(TargetNotAllowedException.class)
                .hasMessageContaining(message.strip());
    }

    @ParameterizedTest(name = "{0}: non-canonical spelling refused even when it means loopback")
    @CsvSource(delimiter = '|', textBlock = """
            127.1       | 127.0.0.1
            0177.0.0.1  | 127.0.0.1
            0x7f000001  | 127.0.0.1
            2130706433  | 127.0.0.1
            127.000.0.1 | 127.0.0.1
            """)
    void nonCanonicalNumericSpellingsAreRefused(String host, String meaning) {
        assertThatThrownBy(() -> guard(TargetPolicy.loopbackOnly()).authorize(host))
                .isInstanceOf(TargetNotAllowedException.class)
                .hasMessageContaining("non-canonical numeric IPv4 spelling (most resolvers read it as " + meaning
                        + "); write the address in dotted-decimal form");
    }

    @Test
    void cidrAllowListAdmitsItsRangeExactly() throws Exception {
        AddressGuard g = guard(TargetPolicy.parse(true, List.of("10.0.0.0/8", "192.168.1.0/24", "fd00::/8")));
        assertThat(g.authorize("10.0.0.0")).hasSize(1);
        assertThat(g.authorize("10.255.255.255")).hasSize(1);
        assertThat(g.authorize("192.168.1.255")).hasSize(1);
        assertThat(g.authorize("fdff:ffff::1")).hasSize(1);
        assertThat(g.authorize("api.internal")).extracting(InetAddress::getHostAddress).containsExactly("10.1.2.3");
        for (String outside : List.of("11.0.0.0", "9.255.255.255", "192.168.2.1", "192.168.0.255", "fc00::1",
                "fe00::1")) {
            assertThatThrownBy(() -> g.authorize(outside)).as(outside)
                    .isInstanceOf(TargetNotAllowedException.class)
                    .hasMessageContaining("not in the target allow-list");
        }
    }

    @Test
    void ipv4BlocksDoNotMatchIpv6AndViceVersa() throws Exception {
        AddressGuard v4Only = guard(TargetPolicy.parse(false, List.of("0.0.0.0/0")));
        assertThat(v4Only.authorize("8.8.8.8")).hasSize(1);
        assertThatThrownBy(() -> v4Only.authorize("2001:db8::1")).isInstanceOf(TargetNotAllowedException.class);
        AddressGuard v6Only = guard(TargetPolicy.parse(false, List.of("::/0")));
        assertThat(v6Only.authorize("2001:db8::1")).hasSize(1);
        assertThatThrownBy(() -> v6Only.authorize("8.8.8.8")).isInstanceOf(TargetNotAllowedException.class);
    }

    @Test
    void hostAllowListMatchesExactNamesAndWildcardSubdomains() throws Exception {
        AddressGuard g = guard(TargetPolicy.parse(true, List.of("api.internal", "*.staging.test")));
        assertThat(g.authorize("api.internal")).hasSize(1);
        assertThat(g.authorize("API.Internal.")).hasSize(1);
        assertThat(g.authorize("a.staging.test")).hasSize(1);
        assertThatThrownBy(() -> g.authorize("staging.test")).isInstanceOf(TargetNotAllowedException.class);
        // the name is allowed, not its address: the literal still needs a CIDR
        assertThatThrownBy(() -> g.authorize("10.1.2.3")).isInstanceOf(TargetNotAllowedException.class);
    }

    @Test
    void anAllowListedNameDoesNotUnlockLoopbackButACidrDoes() throws Exception {
        AddressGuard byName = guard(TargetPolicy.parse(false, List.of("loop.internal")));
        assertThatThrownBy(() -> byName.authorize("loop.internal"))
                .isInstanceOf(TargetNotAllowedException.class)
                .hasMessageContaining("loop.internal resolves to 127.0.0.1, which is a loopback address");
        AddressGuard byCidr = guard(TargetPolicy.parse(false, List.of("127.0.0.0/8")));
        assertThat(byCidr.authorize("loop.internal")).hasSize(1);
        assertThat(byCidr.authorize("127.0.0.1")).hasSize(1);
        assertThatThrownBy(() -> byCidr.authorize("::1")).isInstanceOf(TargetNotAllowedException.class);
    }

    @Test
    void onlyThePermittedAddressesOfANameAreKept() throws Exception {
        assertThat(guard(TargetPolicy.loopbackOnly()).authorize("partial.test"))
                .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    }

    @Test
    void unknownNamesAreDnsFailuresNotRefusals() {
        assertThatThrownBy(() -> guard(ALLOW_ALL).authorize("nonexistent.invalid"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void scopedLinkLocalLiteralsAreRefusedThroughTheSystemResolver() {
        // not a canonical literal (zone id), so it goes to the JDK resolver, which parses it without a lookup
        for (String host : List.of("fe80::1%1", "[fe80::1%1]")) {
            assertThatThrownBy(() -> new AddressGuard(ALLOW_ALL).authorize(host)).as(host)
                    .isInstanceOf(TargetNotAllowedException.class)
                    .hasMessageContaining("fe80::1")
                    .hasMessageContaining("a link-local address and is never scanned");
        }
    }

    @Test
    void emptyHostIsRefused() {
        assertThatThrownBy(() -> guard(ALLOW_ALL).authorize("  "))
                .isInstanceOf(TargetNotAllowedException.class).hasMessageContaining("no host");
    }

    @Test
    void decisionsExplainAllowedAddressesToo() throws Exception {
        AddressGuard g = guard(TargetPolicy.parse(true, List.of("10.0.0.0/8")));
        assertThat(g.decide("127.0.0.1", InetAddress.getByName("127.0.0.1")))
                .isEqualTo(new AddressGuard.Decision(true, "127.0.0.1 is a loopback address"));
        assertThat(g.decide("api.internal", InetAddress.getByName("10.1.2.3")))
                .isEqualTo(new AddressGuard.Decision(true, "api.internal resolves to 10.1.2.3, which is in the "
                        + "allow-list (10.0.0.0/8)"));
    }
}
