package io.leakscan.ownership;

import io.leakscan.target.TargetClient;
import io.leakscan.target.TargetClientOptions;
import io.leakscan.target.TargetHttpClients;
import io.leakscan.target.TargetPolicy;
import io.leakscan.target.TargetSpec;
import io.leakscan.target.TargetUrls;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Looks for a target's token where the tenant was told to publish it. The HTTP check goes through the same guarded
 * client as scan traffic (allow-list, resolved-address check, no redirects), so verification reaches nothing a scan
 * could not.
 */
@Component
class OwnershipCheck {

    static final String WELL_KNOWN = "/.well-known/leakscan-verification.txt";
    static final String PREFIX = "leakscan-verification=";
    /** A verification file is one short line; more is not read. */
    private static final int MAX_BODY = 4096;

    /** What a check saw: the token or not, and what was there instead, in words for the tenant. */
    record Result(boolean found, String detail) {
    }

    private final TargetPolicy policy;
    private final TxtLookup dns;
    private final Duration timeout;

    @Autowired
    OwnershipCheck(TargetPolicy policy, VerificationProperties properties) {
        this(policy, new TxtLookup(properties.dnsServers(), properties.timeout()), properties.timeout());
    }

    OwnershipCheck(TargetPolicy policy, TxtLookup dns, Duration timeout) {
        this.policy = policy;
        this.dns = dns;
        this.timeout = timeout;
    }

    static String expected(String token) {
        return PREFIX + token;
    }

    static String dnsName(String host) {
        return "_leakscan." + host;
    }

    static URI httpUrl(URI baseUrl) {
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + WELL_KNOWN);
    }

    Result check(VerificationMethod method, URI baseUrl, String token) {
        return switch (method) {
            case HTTP -> http(baseUrl, token);
            case DNS -> dns(TargetUrls.host(baseUrl), token);
        };
    }

    private Result http(URI baseUrl, String token) {
        URI url = httpUrl(baseUrl);
        TargetClientOptions options = new TargetClientOptions(timeout, timeout, 1, MAX_BODY);
        try (TargetClient client = TargetHttpClients.open(new TargetSpec(URI.create(url.getScheme() + "://"
                + url.getRawAuthority()), Map.of()), policy, options)) {
            var response = client.webClient().get().uri(WELL_KNOWN)
                    .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> Map.entry(r.statusCode().value(), body)))
                    .block(timeout.multipliedBy(2));
            if (response == null || response.getKey() != 200) {
                return new Result(false, url + " answered " + (response == null ? "nothing" : response.getKey())
                        + ", not 200");
            }
            boolean found = response.getValue().lines().map(String::strip).anyMatch(expected(token)::equals);
            return new Result(found, found ? "found at " + url : url + " has no line " + expected(token));
        } catch (RuntimeException e) {
            return new Result(false, url + " could not be read: " + rootMessage(e));
        }
    }

    private Result dns(String host, String token) {
        String name = dnsName(host);
        try {
            List<String> values = dns.txt(name);
            boolean found = values.contains(expected(token));
            return new Result(found, found ? "found in TXT " + name
                    : values.isEmpty() ? "no TXT record at " + name
                    : "TXT " + name + " has " + values.size() + " value(s), none is " + expected(token));
        } catch (IOException e) {
            return new Result(false, "TXT " + name + " could not be read: " + rootMessage(e));
        } catch (IllegalArgumentException e) {
            return new Result(false, e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
