package io.leakscan.report;

import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanFailure;
import io.leakscan.target.EchoFingerprint;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What was scanned and how. Never carries request headers: they may hold the target's credentials.
 *
 * @param id            the scan id
 * @param targetBaseUrl the target's base URL as scanned (user info is stripped)
 * @param profile       {@code quick}, {@code memory} or {@code deep}
 * @param echoSpecific  whether Echo-specific probes ran
 * @param toolVersion   Leakscan's version
 * @param status        completed, failed or cancelled
 * @param startedAt     when the scan started
 * @param finishedAt    when it ended
 * @param durationMs    finishedAt minus startedAt, in milliseconds
 * @param failure       why it did not complete, or null
 * @param echo          what the target's error responses said about its framework, or null when not fingerprinted
 */
public record ScanMetadata(String id, String targetBaseUrl, String profile, boolean echoSpecific, String toolVersion,
                           ScanEnd status, Instant startedAt, Instant finishedAt, long durationMs,
                           ScanFailure failure, EchoFingerprint echo) {

    public ScanMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(targetBaseUrl, "targetBaseUrl");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("finishedAt " + finishedAt + " is before startedAt " + startedAt);
        }
        if (durationMs != Duration.between(startedAt, finishedAt).toMillis()) {
            throw new IllegalArgumentException("durationMs " + durationMs + " disagrees with startedAt/finishedAt");
        }
        if ((status == ScanEnd.SUCCEEDED) != (failure == null)) {
            throw new IllegalArgumentException("a failure is required exactly when the scan did not complete");
        }
        targetBaseUrl = withoutUserInfo(targetBaseUrl);
    }

    /** Builds metadata with the duration derived from the two instants. */
    public static ScanMetadata of(String id, String targetBaseUrl, String profile, boolean echoSpecific,
                                  String toolVersion, ScanEnd status, Instant startedAt, Instant finishedAt,
                                  ScanFailure failure, EchoFingerprint echo) {
        return new ScanMetadata(id, targetBaseUrl, profile, echoSpecific, toolVersion, status, startedAt, finishedAt,
                Duration.between(startedAt, finishedAt).toMillis(), failure, echo);
    }

    // http://user:secret@host/ would otherwise put a password into every report and CI log.
    private static String withoutUserInfo(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getRawPath() == null ? null : u.getPath(),
                    u.getQuery(), u.getFragment()).toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            throw new IllegalArgumentException("targetBaseUrl is not a URL: " + url, e);
        }
    }
}
