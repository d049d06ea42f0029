package io.leakscan.modulefixture.probe;

import org.springframework.web.reactive.function.client.WebClient;

/** Allowed: WebClient is how the engine reaches a target, in the CLI as in the service. */
public class WebClientProbe {

    private final WebClient client;

    public WebClientProbe(WebClient client) {
        this.client = client;
    }

    public WebClient client() {
        return client;
    }
}
