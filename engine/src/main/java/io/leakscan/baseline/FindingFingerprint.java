package io.leakscan.baseline;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.telemetry.parse.Frame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One finding's identity across scans: its kind, endpoint and leak-site function, hashed, so line numbers or figures
 * that move between scans keep the same fingerprint. SARIF's {@code partialFingerprints} and baselines use this one
 * function.
 */
public final class FindingFingerprint {

    /** The SARIF {@code partialFingerprints} key; versioned so a change of the recipe does not silently re-open alerts. */
    public static final String KEY = "leakscanFinding/v1";
    /** 16 bytes of SHA-256 in lower-case hex. */
    public static final Pattern SHAPE = Pattern.compile("[0-9a-f]{32}");

    private FindingFingerprint() {
    }

    public static String of(Finding f) {
        StackEvidence top = f.evidence().stacks().isEmpty() ? null : f.evidence().stacks().getFirst();
        Frame site = top == null ? null : top.leakSite();
        String basis = f.kind().name() + "|" + (f.endpoint() == null ? "" : f.endpoint().toString()) + "|"
                + (site == null ? "" : site.function());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
