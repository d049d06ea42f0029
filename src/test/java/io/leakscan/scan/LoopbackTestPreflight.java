package io.leakscan.scan;

import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.FailureCode;
import io.leakscan.target.Preflight;
import io.leakscan.target.PreflightResult;
import io.leakscan.target.TargetSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Test-only stand-in for the real {@link Preflight} (built on branch {@code target}): loopback only, one GET of the
 * base URL, Echo if the 404 body is Echo's. Real HTTP, so the worker and pipeline are exercised end to end.
 */
final class LoopbackTestPreflight implements Preflight {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public PreflightResult check(TargetSpec target) {
        try {
            if (!InetAddress.getByName(target.baseUrl().getHost()).isLoopbackAddress()) {
                return new PreflightResult.Failed(FailureCode.TARGET_NOT_ALLOWED, "tests only scan loopback");
            }
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(target.baseUrl())
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            boolean echo = response.statusCode() == 404 && response.body().strip().equals("{\"message\":\"Not Found\"}");
            return new PreflightResult.Passed(new EchoFingerprint(echo, null, echo ? 0.6 : 0.0,
                    echo ? List.of("404 body {\"message\":\"Not Found\"}") : List.of()));
        } catch (ConnectException e) {
            return new PreflightResult.Failed(FailureCode.CONNECTION_REFUSED,
                    "Connection refused by " + target.baseUrl());
        } catch (HttpTimeoutException e) {
            return new PreflightResult.Failed(FailureCode.TIMEOUT, "No answer from " + target.baseUrl());
        } catch (IOException e) {
            return new PreflightResult.Failed(FailureCode.TARGET_ERROR, "Could not reach " + target.baseUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PreflightResult.Failed(FailureCode.TARGET_ERROR, "interrupted");
        }
    }
}
