package io.leakscan.baseline;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .leakscanignore}: one accepted finding a line, {@code FINGERPRINT [expires:YYYY-MM-DD] REASON},
 * blank lines and {@code #} comments skipped. Every mistake names its line, because a baseline that silently drops an
 * entry would fail a build for a finding the team had accepted.
 */
public final class IgnoreFile {

    private static final String EXPIRES = "expires:";

    private IgnoreFile() {
    }

    /** The file's entries; {@code name} is how errors and origins refer to it. */
    public static Baseline parse(String name, List<String> lines) {
        List<BaselineEntry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String fingerprint = parts[0];
            if (!FindingFingerprint.SHAPE.matcher(fingerprint).matches()) {
                throw new BaselineFormatException(name, lineNo, "'" + fingerprint + "' is not a finding fingerprint "
                        + "(32 lower-case hex digits, the SARIF partialFingerprints \"" + FindingFingerprint.KEY
                        + "\" or the JSON report's baseline fingerprint)");
            }
            Integer earlier = seen.putIfAbsent(fingerprint, lineNo);
            if (earlier != null) {
                throw new BaselineFormatException(name, lineNo, "fingerprint " + fingerprint
                        + " is already listed on line " + earlier);
            }
            String rest = parts.length > 1 ? parts[1].strip() : "";
            LocalDate expires = null;
            if (rest.startsWith(EXPIRES)) {
                String[] dateAndReason = rest.substring(EXPIRES.length()).split("\\s+", 2);
                try {
                    expires = LocalDate.parse(dateAndReason[0]);
                } catch (DateTimeParseException e) {
                    throw new BaselineFormatException(name, lineNo, "'" + dateAndReason[0]
                            + "' is not a date; write expires:YYYY-MM-DD, e.g. expires:2027-03-31");
                }
                rest = dateAndReason.length > 1 ? dateAndReason[1].strip() : "";
            }
            if (rest.isEmpty() || rest.startsWith("#")) {
                throw new BaselineFormatException(name, lineNo, "fingerprint " + fingerprint + " needs a reason "
                        + "after it (and after an optional expires:YYYY-MM-DD), e.g. \"" + fingerprint
                        + " expires:2027-03-31 leak in GET /stream, fix tracked in #142\"");
            }
            entries.add(new BaselineEntry(fingerprint, rest, expires, name + ":" + lineNo));
        }
        return new Baseline(name, entries);
    }
}
