package io.leakscan.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetUrlsTest {

    @ParameterizedTest(name = "{0} is a valid target URL")
    @ValueSource(strings = {"http://127.0.0.1:8080", "https://localhost/", "HTTP://Example.com/api?x=1",
            "http://[::1]:8080/base/", "http://a.b.example:1/", "https://x.example:65535"})
    void acceptsAbsoluteHttpUrls(String url) {
        assertThat(TargetUrls.validate(url)).isEqualTo(URI.create(url));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            file:///etc/passwd                    | scheme 'file' is not allowed; use http or https
            gopher://127.0.0.1:70/_GET            | scheme 'gopher' is not allowed
            ftp://127.0.0.1/                      | scheme 'ftp' is not allowed
            javascript:alert(1)                   | scheme 'javascript' is not allowed
            http:127.0.0.1                        | must be of the form http://host[:port]/
            //127.0.0.1:8080/                     | must be absolute
            /relative/path                        | must be absolute
            http://user:pw@127.0.0.1/             | must not contain user info
            http://user@127.0.0.1/                | must not contain user info
            http://a@b@127.0.0.1/                 | must not contain user info
            http:///path                          | has no host
            http://exa_mple.com/                  | 'exa_mple.com' is not a valid host[:port]
            http://127.0.0.1:99999/               | port 99999 is out of range 1..65535
            http://127.0.0.1:0/                   | port 0 is out of range 1..65535
            http://127.0.0.1 /x                   | not a valid URI
            http://0251.0376.0251.0376:80/        | 0251.0376.0251.0376 is a numeric spelling of 169.254.169.254
            http://999.1.1.1/                     | '999.1.1.1' is not a valid host[:port]
            http://2130706433/                    | 2130706433 is a non-canonical numeric IPv4 spelling
            http://0x7f000001/                    | 0x7f000001 is a non-canonical numeric IPv4 spelling
            http://2852039166/                    | 2852039166 is a numeric spelling of 169.254.169.254
            http://[::ffff:127.0.0.1]:80/         | ::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1
            http://127.0.0.1:70000/               | port 70000 is out of range 1..65535
            """)
    void rejectsWithTheReason(String url, String message) {
        assertThatThrownBy(() -> TargetUrls.validate(url))
                .isInstanceOf(TargetUrls.InvalidTargetUrlException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void aTargetMustNotBeALiteralAddressThatIsNeverScanned() {
        assertThat(TargetUrls.validate("http://169.254.169.254/")).isNotNull(); // the form is fine
        assertThatThrownBy(() -> TargetUrls.validateTarget("http://169.254.169.254/latest/"))
                .isInstanceOf(TargetUrls.InvalidTargetUrlException.class)
                .hasMessage("169.254.169.254 is a link-local/cloud metadata address and is never scanned");
        assertThatThrownBy(() -> TargetUrls.validateTarget("http://[::ffff:169.254.169.254]/"))
                .hasMessageContaining("never scanned");
        assertThat(TargetUrls.validateTarget("http://127.0.0.1:8081/")).isEqualTo(URI.create("http://127.0.0.1:8081/"));
    }

    @Test
    void lengthLimitIs2048() {
        String prefix = "http://127.0.0.1/";
        String ok = prefix + "a".repeat(TargetUrls.MAX_LENGTH - prefix.length());
        assertThat(TargetUrls.validate(ok)).isNotNull();
        assertThatThrownBy(() -> TargetUrls.validate(ok + "a"))
                .hasMessage("the target URL is 2049 characters long; at most 2048 are allowed");
        assertThatThrownBy(() -> TargetUrls.validate(URI.create(ok + "a")))
                .hasMessageContaining("2049 characters");
    }

    @Test
    void emptyIsRejected() {
        assertThatThrownBy(() -> TargetUrls.validate("")).hasMessage("the target URL is empty");
        assertThatThrownBy(() -> TargetUrls.validate((String) null)).hasMessage("the target URL is empty");
        assertThatThrownBy(() -> TargetUrls.validate((URI) null)).hasMessage("the target URL is empty");
    }

    @Test
    void hostPortForMessages() {
        assertThat(TargetUrls.hostPort(URI.create("http://127.0.0.1:54321/x"))).isEqualTo("127.0.0.1:54321");
        assertThat(TargetUrls.hostPort(URI.create("https://Example.COM/"))).isEqualTo("example.com:443");
        assertThat(TargetUrls.hostPort(URI.create("http://example.com"))).isEqualTo("example.com:80");
        assertThat(TargetUrls.hostPort(URI.create("http://[::1]:8080/"))).isEqualTo("[::1]:8080");
        assertThat(TargetUrls.host(URI.create("http://[::1]:8080/"))).isEqualTo("::1");
    }
}
