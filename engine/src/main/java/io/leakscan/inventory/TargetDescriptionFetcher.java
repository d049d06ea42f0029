package io.leakscan.inventory;

import io.leakscan.target.AddressGuard;
import io.leakscan.target.TargetClient;
import io.leakscan.target.TargetClientOptions;
import io.leakscan.target.TargetFailure;
import io.leakscan.target.TargetHttpClients;
import io.leakscan.target.TargetSpec;
import io.leakscan.target.TargetUrls;
import org.springframework.http.HttpHeaders;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Fetches descriptions through {@link TargetHttpClients}, so the target rules hold for them as for any other traffic:
 * only addresses the guard permits, no redirects. The target's headers (its credentials) go only to the target's own
 * origin; a description on another origin is fetched without them.
 */
public final class TargetDescriptionFetcher implements DescriptionFetcher, AutoCloseable {

    /** Descriptions of large services run to a few MiB; more than this is not a description. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final TargetClientOptions OPTIONS = new TargetClientOptions(Duration.ofSeconds(5),
            Duration.ofSeconds(15), 1, MAX_BYTES);

    private final TargetSpec target;
    private final AddressGuard guard;
    private TargetClient targetClient;

    public TargetDescriptionFetcher(TargetSpec target, AddressGuard guard) {
        this.target = Objects.requireNonNull(target, "target");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public Answer get(URI url) {
        boolean sameOrigin = sameOrigin(url, target.baseUrl());
        TargetClient client = sameOrigin ? targetClient() : TargetHttpClients.open(
                new TargetSpec(origin(url), Map.of()), guard, OPTIONS);
        try {
            Answer answer = client.webClient().get().uri(url)
                    .header(HttpHeaders.ACCEPT, "application/json, application/yaml;q=0.9, */*;q=0.5")
                    .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> new Answer(r.statusCode().value(),
                                    r.headers().contentType().map(Object::toString).orElse(null), body)))
                    .block(OPTIONS.connectTimeout().plus(OPTIONS.responseTimeout()).plusSeconds(5));
            return answer == null ? new Answer(0, null, "") : answer;
        } catch (RuntimeException e) {
            throw new InventoryException(TargetFailure.classify(e, TargetUrls.hostPort(url), OPTIONS).message(), e);
        } finally {
            if (!sameOrigin) {
                client.close();
            }
        }
    }

    private TargetClient targetClient() {
        if (targetClient == null) {
            targetClient = TargetHttpClients.open(target, guard, OPTIONS);
        }
        return targetClient;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && TargetUrls.port(a) == TargetUrls.port(b);
    }

    private static URI origin(URI url) {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/");
    }

    @Override
    public void close() {
        if (targetClient != null) {
            targetClient.close();
        }
    }
}
