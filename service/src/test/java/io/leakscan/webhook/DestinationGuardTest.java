package io.leakscan.webhook;

import io.leakscan.target.CidrBlock;
import io.leakscan.target.TargetNotAllowedException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The destination rule without Spring: what the connect-time guard admits, and the complement policy behind it. */
class DestinationGuardTest {

    static final Map<String, String> DNS = Map.of("public.example.test", "93.184.215.14",
            "private.example.test", "10.1.2.3", "v6.example.test", "2606:4700:4700::1111");

    static DestinationGuard guard(boolean allowPrivate) {
        return new DestinationGuard(allowPrivate, host -> {
            String a = DNS.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(a));
        });
    }

    /** An IP literal (no lookup happens for literals). */
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void publicAddressesPassAndEveryNonPublicRangeIsRefusedByDefault() throws Exception {
        DestinationGuard guard = guard(false);
        for (String ok : List.of("93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "11.0.0.1",
                "2606:4700:4700::1111", "2a00:1450::1")) {
            assertThat(guard.refusal(ip(ok))).as(ok).isNull();
            assertThat(guard.connectGuard().permitted(ok, List.of(ip(ok)))).as(ok).hasSize(1);
        }
        for (String no : List.of("127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "100.64.0.1", "169.254.169.254", "169.254.1.1", "0.0.0.0", "224.0.0.1",
                "255.255.255.255", "198.18.0.1", "192.0.2.1", "::1", "fd00::1", "fe80::1", "::", "ff02::1",
                "2001:db8::1", "2002:a00:1::1", "fd00:ec2::254", "100.100.100.200")) {
            assertThat(guard.refusal(ip(no))).as(no).isNotNull();
            assertThatThrownBy(() -> guard.connectGuard().permitted(no, List.of(ip(no)))).as(no)
                    .isInstanceOf(TargetNotAllowedException.class);
        }
    }

    @Test
    void allowingPrivateDestinationsStillRefusesLinkLocalAndMetadata() throws Exception {
        DestinationGuard guard = guard(true);
        for (String ok : List.of("127.0.0.1", "10.0.0.1", "192.168.1.1", "::1", "fd00::1", "93.184.215.14")) {
            assertThat(guard.refusal(ip(ok))).as(ok).isNull();
            assertThat(guard.connectGuard().permitted(ok, List.of(ip(ok)))).as(ok).hasSize(1);
        }
        for (String no : List.of("169.254.169.254", "169.254.7.7", "fe80::1", "fd00:ec2::254", "100.100.100.200",
                "0.0.0.0")) {
            assertThat(guard.refusal(ip(no))).as(no).contains("never a webhook destination");
            assertThatThrownBy(() -> guard.connectGuard().permitted(no, List.of(ip(no))))
                    .isInstanceOf(TargetNotAllowedException.class);
        }
    }

    @Test
    void namesAreJudgedByWhatTheyResolveToAtConnectTime() throws Exception {
        DestinationGuard guard = guard(false);
        assertThat(guard.connectGuard().authorize("public.example.test")).containsExactly(ip("93.184.215.14"));
        assertThat(guard.connectGuard().authorize("v6.example.test")).hasSize(1);
        assertThatThrownBy(() -> guard.connectGuard().authorize("private.example.test"))
                .isInstanceOf(TargetNotAllowedException.class)
                .hasMessage("private.example.test resolves to 10.1.2.3, which is a private network address "
                        + "(10.0.0.0/8); webhooks go to public addresses only unless "
                        + "leakscan.webhooks.allow-private-destinations is true");
    }

    @Test
    void urlsAreCheckedForFormAndDestination() {
        DestinationGuard guard = guard(false);
        assertThat(guard.validate("https://public.example.test/hooks?x=1")).hasToString(
                "https://public.example.test/hooks?x=1");
        Map<String, String> bad = Map.of(
                "ftp://public.example.test/", "scheme 'ftp' is not allowed",
                "https://u:p@public.example.test/", "must not contain user info",
                "https://public.example.test/#frag", "must not contain a fragment",
                "https://private.example.test/", "resolves to 10.1.2.3",
                "https://missing.example.test/", "missing.example.test does not resolve",
                "http://[::1]:8080/", "is a loopback address",
                "", "the URL is empty");
        bad.forEach((url, message) -> assertThatThrownBy(() -> guard.validate(url)).as(url)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    @Test
    void theComplementPolicyCoversExactlyTheAddressesNotExcluded() throws Exception {
        List<CidrBlock> excluded = List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("192.168.0.0/16"));
        List<CidrBlock> rest = DestinationGuard.complement(CidrBlock.parse("0.0.0.0/0"), excluded);
        for (String a : List.of("9.255.255.255", "11.0.0.0", "192.167.255.255", "192.169.0.0", "255.255.255.255")) {
            assertThat(rest.stream().filter(b -> b.contains(ip(a)))).as(a).hasSize(1);
        }
        for (String a : List.of("10.0.0.0", "10.255.255.255", "192.168.0.0", "192.168.255.255")) {
            assertThat(rest.stream().filter(b -> b.contains(ip(a)))).as(a).isEmpty();
        }
        assertThat(DestinationGuard.policy(false).allowedCidrs().size()).as("blocks in the default policy")
                .isBetween(20, 400);
    }
}
