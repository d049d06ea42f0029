package io.leakscan.scan;

import io.leakscan.target.Preflight;
import io.leakscan.target.PreflightResult;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The first phase: is the target allowed, does it answer, is it Echo? Records the fingerprint, or ends the scan FAILED
 * with the preflight's code (CONNECTION_REFUSED, DNS_FAILURE, TIMEOUT, TLS_ERROR, TARGET_NOT_ALLOWED...).
 */
@Component
@Order(PreflightPhase.ORDER)
class PreflightPhase implements ScanPhase {

    static final int ORDER = 100;

    private final Preflight preflight;

    PreflightPhase(Preflight preflight) {
        this.preflight = preflight;
    }

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public void run(ScanContext ctx) {
        ctx.throwIfCancelled();
        PreflightResult result = preflight.check(ctx.spec().target());
        switch (result) {
            case PreflightResult.Passed passed -> ctx.recordFingerprint(passed.fingerprint());
            case PreflightResult.Failed failed -> throw new ScanFailedException(failed.code().name(), failed.message());
        }
        ctx.progress(100);
    }
}
