package io.leakscan.scan;

import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.Preflight;
import io.leakscan.target.PreflightResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The first phase: is the target allowed, does it answer, is it Echo? Records the fingerprint, or ends the scan FAILED
 * with the preflight's code (CONNECTION_REFUSED, DNS_FAILURE, TIMEOUT, TLS_ERROR, TARGET_NOT_ALLOWED...).
 *
 * <p>Without a {@link Preflight} bean the service still starts (the API stays usable), but every scan fails here with
 * PREFLIGHT_UNAVAILABLE: a target is never loaded without the address check.
 */
@Component
@Order(PreflightStep.ORDER)
class PreflightStep implements ScanStep {

    static final int ORDER = 100;
    /** The fingerprint of a passed preflight, for the engine phase: the target is checked once per scan. */
    static final ScanContext.Key<EchoFingerprint> PASSED = new ScanContext.Key<>("preflight.passed",
            EchoFingerprint.class);
    private static final Logger log = LoggerFactory.getLogger(PreflightStep.class);

    private final Preflight preflight;

    PreflightStep(ObjectProvider<Preflight> preflight) {
        this.preflight = preflight.getIfUnique();
        if (this.preflight == null) {
            log.error("No Preflight is configured: every scan will fail with PREFLIGHT_UNAVAILABLE");
        }
    }

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public void run(ScanContext ctx) {
        ctx.throwIfCancelled();
        if (preflight == null) {
            throw new ScanFailedException("PREFLIGHT_UNAVAILABLE",
                    "This service has no target preflight configured, so it cannot check the target is allowed.");
        }
        PreflightResult result = preflight.check(ctx.spec().target());
        switch (result) {
            case PreflightResult.Passed passed -> {
                ctx.recordFingerprint(passed.fingerprint());
                ctx.put(PASSED, passed.fingerprint());
            }
            case PreflightResult.Failed failed -> throw new ScanFailedException(failed.code().name(), failed.message());
        }
        ctx.progress(100);
    }
}
